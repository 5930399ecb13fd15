import { FormatError, TensorData } from '@a3/core';
import { readBytes } from '../io/read-bytes';
import { decodeNpyData, type NpyData, type NpyDType, parseDescr } from './npy-dtype';

export type { NpyData, NpyDType } from './npy-dtype';

export interface NpyArray {
  readonly shape: readonly number[];
  readonly dtype: NpyDType;
  /** Values in C (row-major) order; Fortran-ordered files are transposed on read. */
  readonly data: NpyData;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Reads a .npy file. */
export function readNpy(file: string): NpyArray {
  return parseNpy(readBytes(file), file);
}

/**
 * Parses .npy bytes (format versions 1, 2 and 3): magic, version, header length (uint16 in v1,
 * uint32 later), a Python-dict header with descr / fortran_order / shape, then the raw values.
 */
export function parseNpy(bytes: Uint8Array, name: string): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new FormatError(`${name} is not a .npy file (missing the \\x93NUMPY magic).`);
  }
  const major = bytes[6];
  if (major < 1 || major > 3)
    throw new FormatError(`${name}: unsupported .npy format version ${major}.${bytes[7]}.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) throw new FormatError(`${name} is truncated inside its .npy header.`);
  const header = Buffer.from(bytes.subarray(start, start + headerLen)).toString(
    major === 3 ? 'utf8' : 'latin1',
  );

  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(header)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new FormatError(
      `${name}: cannot read the .npy header ${header.trim()}; structured (record) arrays are not supported — ` +
        'save plain numeric arrays.',
    );
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length)
    .map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0))
    throw new FormatError(`${name}: bad shape (${shapeText}).`);
  const { dtype, itemSize, littleEndian } = parseDescr(descr, name);
  const count = shape.reduce((a, b) => a * b, 1);
  const body = start + headerLen;
  if (body + count * itemSize > bytes.length) {
    throw new FormatError(
      `${name} is truncated: shape (${shape.join(', ')}) of ${descr} needs ${count * itemSize} data bytes, ` +
        `the file has ${bytes.length - body}.`,
    );
  }
  const data = decodeNpyData(bytes.subarray(body, body + count * itemSize), dtype, count, littleEndian);
  return { shape, dtype, data: fortran === 'True' && shape.length > 1 ? fortranToC(data, shape) : data };
}

/** Reorders column-major (Fortran) values into row-major order for any rank. */
function fortranToC<T extends NpyData>(src: T, shape: readonly number[]): T {
  const rank = shape.length;
  const count = src.length;
  const out = new (src.constructor as new (n: number) => T)(count);
  const fStride = new Array<number>(rank);
  fStride[0] = 1;
  for (let k = 1; k < rank; k++) fStride[k] = fStride[k - 1] * shape[k - 1];
  const index = new Array<number>(rank).fill(0);
  let f = 0; // Fortran offset of the current C-order index
  for (let c = 0; c < count; c++) {
    out[c] = src[f];
    // Increment the C-order index (last axis fastest), keeping the Fortran offset in step.
    for (let k = rank - 1; k >= 0; k--) {
      index[k]++;
      f += fStride[k];
      if (index[k] < shape[k]) break;
      f -= fStride[k] * shape[k];
      index[k] = 0;
    }
  }
  return out;
}

/** Any numeric array as a float32 tensor of the same shape (int64 via Number: exact below 2^53). */
export function npyToTensor(array: NpyArray): TensorData<'float32'> {
  return new TensorData(array.shape, 'float32', Float32Array.from(npyToNumbers(array)));
}

/** The values as plain numbers. */
export function npyToNumbers(array: NpyArray): Float64Array {
  const d = array.data;
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) {
    const out = new Float64Array(d.length);
    for (let i = 0; i < d.length; i++) out[i] = Number(d[i]);
    return out;
  }
  return Float64Array.from(d);
}
