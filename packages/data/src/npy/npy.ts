import { FormatError, TensorData } from '@a3/core';
import { readBytes } from '../io/read-bytes';
import { formatCount, quoteInput } from '../messages/quote';
import { decodeNpyData, type NpyData, type NpyDType, parseDescr } from './npy-dtype';

export type { NpyData, NpyDType } from './npy-dtype';

export interface NpyArray {
  readonly shape: readonly number[];
  readonly dtype: NpyDType;
  /** Values in C (row-major) order; Fortran-ordered files are transposed on read. */
  readonly data: NpyData;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Longest header read: numpy writes ~120 bytes and np.load refuses more than 10,000 by default. */
const MAX_HEADER_BYTES = 65_536;

/** Bytes from the file start that always hold the whole prologue + header of a readable .npy. */
export const NPY_HEAD_BYTES = 12 + MAX_HEADER_BYTES;

/** What a .npy header declares, read before any data is touched. */
export interface NpyLayout {
  readonly descr: string;
  readonly dtype: NpyDType;
  readonly itemSize: number;
  readonly littleEndian: boolean;
  readonly fortran: boolean;
  readonly shape: readonly number[];
  /** Offset of the first data byte. */
  readonly dataOffset: number;
  /** Data bytes the shape and dtype need. */
  readonly dataBytes: number;
}

/** Reads a .npy file. */
export function readNpy(file: string): NpyArray {
  return parseNpy(readBytes(file), file);
}

/**
 * Parses .npy bytes (format versions 1, 2 and 3): magic, version, header length (uint16 in v1,
 * uint32 later), a Python-dict header with descr / fortran_order / shape, then exactly the data
 * the header declares.
 */
export function parseNpy(bytes: Uint8Array, name: string): NpyArray {
  const layout = parseNpyHeader(bytes, name);
  const { shape, dtype, dataOffset, dataBytes } = layout;
  const available = bytes.length - dataOffset;
  if (available < dataBytes) {
    throw new FormatError(
      `${name} is truncated: shape (${shape.join(', ')}) of ${layout.descr} needs ${dataBytes} data bytes, ` +
        `the file has ${available}.`,
    );
  }
  if (available > dataBytes) {
    throw new FormatError(
      `${name} has ${formatCount(available - dataBytes)} bytes after the ${formatCount(dataBytes)} data bytes its ` +
        `header declares (shape (${shape.join(', ')}) of ${layout.descr}); the file is corrupt.`,
    );
  }
  const count = dataBytes / layout.itemSize;
  const data = decodeNpyData(bytes.subarray(dataOffset), dtype, count, layout.littleEndian);
  return { shape, dtype, data: layout.fortran && shape.length > 1 ? fortranToC(data, shape) : data };
}

/** The header of .npy bytes (`bytes` may be just the file's first NPY_HEAD_BYTES). */
export function parseNpyHeader(bytes: Uint8Array, name: string): NpyLayout {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new FormatError(`${name} is not a .npy file (missing the \\x93NUMPY magic).`);
  }
  const major = bytes[6];
  if (major < 1 || major > 3)
    throw new FormatError(`${name}: unsupported .npy format version ${major}.${bytes[7]}.`);
  const start = major === 1 ? 10 : 12;
  if (bytes.length < start) throw new FormatError(`${name} is truncated inside its .npy header.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (headerLen > MAX_HEADER_BYTES) {
    throw new FormatError(
      `${name}: its .npy header is ${formatCount(headerLen)} bytes long; a3 reads headers up to ` +
        `${formatCount(MAX_HEADER_BYTES)} bytes (numpy writes about 120). The file is corrupt or not a plain array.`,
    );
  }
  if (start + headerLen > bytes.length) throw new FormatError(`${name} is truncated inside its .npy header.`);
  const header = Buffer.from(bytes.subarray(start, start + headerLen)).toString(
    major === 3 ? 'utf8' : 'latin1',
  );
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(header)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new FormatError(
      `${name}: cannot read the .npy header ${quoteInput(header.trim())}; structured (record) arrays are not ` +
        'supported — save plain numeric arrays.',
    );
  }
  const dims = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length);
  // Decimal digits only: Number() would also take "0x10", "1e3" and "".
  if (dims.some((d) => !/^\d{1,16}$/.test(d))) {
    throw new FormatError(`${name}: bad shape (${quoteInput(shapeText)}) in its .npy header.`);
  }
  const shape = dims.map(Number);
  const { dtype, itemSize, littleEndian } = parseDescr(descr, name);
  return {
    descr,
    dtype,
    itemSize,
    littleEndian,
    fortran: fortran === 'True',
    shape,
    dataOffset: start + headerLen,
    dataBytes: shape.reduce((a, b) => a * b, 1) * itemSize,
  };
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
