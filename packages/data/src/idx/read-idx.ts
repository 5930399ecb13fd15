import { FormatError } from '@a3/core';
import { gunzipIfNeeded, readBytes } from '../io/read-bytes';

export type IdxDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

export interface IdxArray {
  readonly shape: readonly number[];
  readonly dtype: IdxDType;
  readonly data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const TYPES: Record<number, [IdxDType, number]> = {
  0x08: ['uint8', 1],
  0x09: ['int8', 1],
  0x0b: ['int16', 2],
  0x0c: ['int32', 4],
  0x0d: ['float32', 4],
  0x0e: ['float64', 8],
};

/** Reads an IDX file (the MNIST format), plain or gzip-compressed (detected by content). */
export function readIdx(file: string): IdxArray {
  return parseIdx(gunzipIfNeeded(readBytes(file), file), file);
}

/**
 * Parses IDX bytes: magic 0x0000 | type | rank, then rank big-endian uint32 dimensions, then the
 * values in big-endian row-major order.
 */
export function parseIdx(bytes: Uint8Array, name: string): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || !(bytes[2] in TYPES) || bytes[3] === 0) {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new FormatError(
      `${name} is not an IDX file: magic bytes are [${head}], expected [00 00 <type 08|09|0b|0c|0d|0e> <rank>]. ` +
        'Is it an HTML error page or a different format?',
    );
  }
  const [dtype, size] = TYPES[bytes[2]];
  const rank = bytes[3];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerSize = 4 + 4 * rank;
  if (bytes.length < headerSize) throw new FormatError(`${name} is truncated inside its IDX header.`);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerSize + count * size;
  if (bytes.length < expected) {
    throw new FormatError(
      `${name} is truncated: shape [${shape.join(', ')}] needs ${expected} bytes but the file has ${bytes.length}. ` +
        'Download it again.',
    );
  }
  const body = bytes.subarray(headerSize, expected);
  return { shape, dtype, data: decode(body, dtype, count) };
}

function decode(body: Uint8Array, dtype: IdxDType, count: number): IdxArray['data'] {
  if (dtype === 'uint8') return new Uint8Array(body);
  if (dtype === 'int8') return new Int8Array(new Uint8Array(body).buffer);
  // IDX is big-endian, the host is (practically always) little-endian: decode value by value.
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  switch (dtype) {
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, false);
      return out;
    }
    default: {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, false);
      return out;
    }
  }
}
