import { FormatError } from '@a3/core';
import { quoteInput } from '../messages/quote';

export type NpyDType =
  | 'bool'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'float16'
  | 'float32'
  | 'float64';

export type NpyData =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

const CODES: Record<string, NpyDType> = {
  b1: 'bool',
  i1: 'int8',
  u1: 'uint8',
  i2: 'int16',
  u2: 'uint16',
  i4: 'int32',
  u4: 'uint32',
  i8: 'int64',
  u8: 'uint64',
  f2: 'float16',
  f4: 'float32',
  f8: 'float64',
};

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function parseDescr(
  descr: string,
  name: string,
): { dtype: NpyDType; itemSize: number; littleEndian: boolean } {
  const m = /^([<>|=]?)([a-z]\d+)$/.exec(descr);
  const dtype = m ? CODES[m[2]] : undefined;
  if (!m || !dtype) {
    throw new FormatError(
      `${name}: dtype ${quoteInput(descr)} is not supported (supported: bool, int8..int64, uint8..uint64, float16/32/64). ` +
        'Strings and Python objects cannot be read; convert with X.astype("float32") before saving.',
    );
  }
  const order = m[1];
  return {
    dtype,
    itemSize: Number(m[2].slice(1)),
    littleEndian: order === '>' ? false : order === '=' ? HOST_LITTLE_ENDIAN : true,
  };
}

/** Decodes raw element bytes; copies so the result is aligned and owns its buffer. */
export function decodeNpyData(
  raw: Uint8Array,
  dtype: NpyDType,
  count: number,
  littleEndian: boolean,
): NpyData {
  if (dtype === 'bool' || dtype === 'uint8') return new Uint8Array(raw);
  if (dtype === 'int8') return new Int8Array(new Uint8Array(raw).buffer);
  if (dtype === 'float16') return decodeFloat16(raw, count, littleEndian);
  if (littleEndian === HOST_LITTLE_ENDIAN) {
    const buf = new Uint8Array(raw).buffer;
    switch (dtype) {
      case 'int16':
        return new Int16Array(buf);
      case 'uint16':
        return new Uint16Array(buf);
      case 'int32':
        return new Int32Array(buf);
      case 'uint32':
        return new Uint32Array(buf);
      case 'int64':
        return new BigInt64Array(buf);
      case 'uint64':
        return new BigUint64Array(buf);
      case 'float32':
        return new Float32Array(buf);
      default:
        return new Float64Array(buf);
    }
  }
  // Byte order differs from the host: read value by value.
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const le = littleEndian;
  switch (dtype) {
    case 'int16':
      return Int16Array.from({ length: count }, (_, i) => v.getInt16(2 * i, le));
    case 'uint16':
      return Uint16Array.from({ length: count }, (_, i) => v.getUint16(2 * i, le));
    case 'int32':
      return Int32Array.from({ length: count }, (_, i) => v.getInt32(4 * i, le));
    case 'uint32':
      return Uint32Array.from({ length: count }, (_, i) => v.getUint32(4 * i, le));
    case 'int64':
      return BigInt64Array.from({ length: count }, (_, i) => v.getBigInt64(8 * i, le));
    case 'uint64':
      return BigUint64Array.from({ length: count }, (_, i) => v.getBigUint64(8 * i, le));
    case 'float32':
      return Float32Array.from({ length: count }, (_, i) => v.getFloat32(4 * i, le));
    default:
      return Float64Array.from({ length: count }, (_, i) => v.getFloat64(8 * i, le));
  }
}

/** Half floats have no typed array in Node 20: widen to float32. */
function decodeFloat16(raw: Uint8Array, count: number, le: boolean): Float32Array {
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const h = v.getUint16(2 * i, le);
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    if (exp === 0) out[i] = sign * 2 ** -14 * (frac / 1024);
    else if (exp === 31) out[i] = frac ? NaN : sign * Infinity;
    else out[i] = sign * 2 ** (exp - 15) * (1 + frac / 1024);
  }
  return out;
}
