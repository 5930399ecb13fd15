import { FormatError } from '@a3/core';
import { gunzipExact, gunzipHead, gzipRecordedSize, isGzip } from '../io/gzip';
import { limitAdvice, resolveInflateLimit } from '../io/inflate-limit';
import { readBytes } from '../io/read-bytes';
import { formatCount } from '../messages/quote';

export type IdxDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

export interface IdxArray {
  readonly shape: readonly number[];
  readonly dtype: IdxDType;
  readonly data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

export interface IdxReadOptions {
  /** Gzip files: the most bytes to inflate. Default 2 GiB, or the A3_MAX_INFLATED_BYTES environment variable. */
  readonly maxInflatedBytes?: number;
}

const TYPES: Record<number, [IdxDType, number]> = {
  0x08: ['uint8', 1],
  0x09: ['int8', 1],
  0x0b: ['int16', 2],
  0x0c: ['int32', 4],
  0x0d: ['float32', 4],
  0x0e: ['float64', 8],
};

/** The longest IDX header: magic + 255 dimensions. */
const MAX_HEADER = 4 + 4 * 255;

interface IdxLayout {
  readonly dtype: IdxDType;
  readonly itemSize: number;
  readonly shape: number[];
  readonly headerSize: number;
  /** Header + data: the exact size of a well-formed file. */
  readonly byteLength: number;
}

/**
 * Reads an IDX file (the MNIST format), plain or gzip-compressed (detected by content). A gzip
 * file's IDX header is read first; the size it declares must be within the inflate limit and
 * match the gzip trailer before anything else is inflated.
 */
export function readIdx(file: string, options: IdxReadOptions = {}): IdxArray {
  const bytes = readBytes(file);
  if (!isGzip(bytes)) return parseIdx(bytes, file);
  const layout = idxLayout(gunzipHead(bytes, MAX_HEADER, file), file);
  const limit = resolveInflateLimit(options.maxInflatedBytes);
  const declared = formatCount(layout.byteLength);
  if (layout.byteLength > limit) {
    throw new FormatError(`${file} declares ${declared} bytes (${describe(layout)}), ${limitAdvice(limit)}`);
  }
  const recorded = gzipRecordedSize(bytes);
  if (recorded !== layout.byteLength % 2 ** 32) {
    throw new FormatError(
      `${file}: the gzip trailer records ${formatCount(recorded)} bytes but the IDX header (${describe(layout)}) ` +
        `declares ${declared}: the file is truncated, has data after the array or after the gzip stream, or has ` +
        'a wrong header. Download it again.',
    );
  }
  return parseIdx(gunzipExact(bytes, layout.byteLength, file), file);
}

/**
 * Parses IDX bytes: magic 0x0000 | type | rank, then rank big-endian uint32 dimensions, then the
 * values in big-endian row-major order — exactly as many bytes as the header declares.
 */
export function parseIdx(bytes: Uint8Array, name: string): IdxArray {
  const layout = idxLayout(bytes, name);
  const { shape, dtype, headerSize, byteLength } = layout;
  if (bytes.length < byteLength) {
    throw new FormatError(
      `${name} is truncated: shape [${shape.join(', ')}] needs ${byteLength} bytes but the file has ${bytes.length}. ` +
        'Download it again.',
    );
  }
  if (bytes.length > byteLength) {
    throw new FormatError(
      `${name} has ${formatCount(bytes.length - byteLength)} bytes after the ${formatCount(byteLength)} its header ` +
        `declares (${describe(layout)}); the file is corrupt or not what its header says.`,
    );
  }
  const count = (byteLength - headerSize) / layout.itemSize;
  return { shape, dtype, data: decode(bytes.subarray(headerSize, byteLength), dtype, count) };
}

function idxLayout(bytes: Uint8Array, name: string): IdxLayout {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || !(bytes[2] in TYPES) || bytes[3] === 0) {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new FormatError(
      `${name} is not an IDX file: magic bytes are [${head}], expected [00 00 <type 08|09|0b|0c|0d|0e> <rank>]. ` +
        'Is it an HTML error page or a different format?',
    );
  }
  const [dtype, itemSize] = TYPES[bytes[2]];
  const rank = bytes[3];
  const headerSize = 4 + 4 * rank;
  if (bytes.length < headerSize) throw new FormatError(`${name} is truncated inside its IDX header.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const byteLength = headerSize + shape.reduce((a, b) => a * b, 1) * itemSize;
  return { dtype, itemSize, shape, headerSize, byteLength };
}

function describe(layout: IdxLayout): string {
  return `shape [${layout.shape.join(', ')}], ${layout.dtype}`;
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
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, false);
      return out;
    }
    default: {
      const never: never = dtype;
      throw new FormatError(`Unknown IDX dtype ${String(never)}.`);
    }
  }
}
