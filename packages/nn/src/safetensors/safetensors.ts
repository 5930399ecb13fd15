import { FormatError, InvalidArgumentError, TensorData, shapeSize, type DType } from '@a3/core';

/**
 * The one safetensors codec of a3 (huggingface/safetensors), used for checkpoints
 * (`paramsToSafetensors`, `@a3/train`) and model files (`@a3/model`'s weights.safetensors):
 *
 *   8-byte little-endian u64 N | N bytes of UTF-8 JSON header | raw little-endian tensor data
 *
 * The header maps each tensor name to `{ dtype, shape, data_offsets: [begin, end] }` (offsets
 * relative to the first byte after the header) and may hold `__metadata__`, a string → string map.
 * Dependency-free, so files are readable from Python (`safetensors.numpy.load_file`) and by
 * every backend without a protobuf or HDF5 library.
 *
 * dtypes: float32 ↔ F32, int32 ↔ I32, bool ↔ BOOL (one byte, 0/1); U8 is read as bool.
 */

const DTYPE_TO_ST: Record<DType, string> = { float32: 'F32', int32: 'I32', bool: 'BOOL' };
const ST_TO_DTYPE: Record<string, DType> = { F32: 'float32', I32: 'int32', BOOL: 'bool', U8: 'bool' };
const BYTES: Record<DType, number> = { float32: 4, int32: 4, bool: 1 };

/** Headers larger than this are refused (as the reference does): a corrupt length must not make us allocate gigabytes. */
export const SAFETENSORS_MAX_HEADER_BYTES = 100 * 1024 * 1024;

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** What was wrong with a safetensors file; every reason is an `A3_FORMAT` error. */
export type SafetensorsErrorReason =
  /** Fewer than 8 bytes, or a header length beyond the file / above the limit. */
  | 'header-length'
  /** The header is not UTF-8 JSON, or not a JSON object. */
  | 'header-json'
  /** `__metadata__` is not a string → string map. */
  | 'metadata'
  /** A tensor entry is not an object. */
  | 'entry'
  /** A tensor has a dtype a3 does not read. */
  | 'dtype'
  /** A shape that is not a list of non-negative integers. */
  | 'shape'
  /** data_offsets malformed, reversed, beyond the data section, or overlapping another tensor. */
  | 'offsets'
  /** data_offsets span a byte count that does not match shape × dtype size. */
  | 'size';

/**
 * A corrupt or unsupported safetensors file: a `FormatError` (code `A3_FORMAT`) that also says
 * which check failed (`reason`). The message names the file and the tensor.
 */
export class SafetensorsError extends FormatError {
  readonly reason: SafetensorsErrorReason;
  constructor(reason: SafetensorsErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

export interface SafetensorsContent {
  readonly tensors: Record<string, TensorData>;
  readonly metadata: Record<string, string>;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/**
 * Serialises named tensors, in sorted name order (equal content gives equal bytes). The header
 * is padded with spaces to a multiple of 8 bytes, so the data section starts 8-byte aligned.
 * Throws InvalidArgumentError for a non-string metadata value or a tensor named `__metadata__`.
 */
export function encodeSafetensors(
  tensors: Record<string, TensorData>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, HeaderEntry | Record<string, string>> = {};
  if (Object.keys(metadata).length > 0) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') {
        throw new InvalidArgumentError(`safetensors metadata "${k}" must be a string; got ${typeof v}.`);
      }
    }
    header.__metadata__ = { ...metadata };
  }
  let offset = 0;
  for (const name of names) {
    if (name === '__metadata__') throw new InvalidArgumentError('"__metadata__" is reserved in safetensors.');
    const t = tensors[name];
    const bytes = t.size * BYTES[t.dtype];
    header[name] = {
      dtype: DTYPE_TO_ST[t.dtype],
      shape: [...t.shape],
      data_offsets: [offset, offset + bytes],
    };
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLen = Math.ceil(json.length / 8) * 8; // padding counted in bytes, not characters
  const out = new Uint8Array(8 + headerLen + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLen), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLen);
  let pos = 8 + headerLen;
  for (const name of names) {
    const t = tensors[name];
    writeLittleEndian(t, out, pos);
    pos += t.size * BYTES[t.dtype];
  }
  return out;
}

function writeLittleEndian(t: TensorData, out: Uint8Array, pos: number): void {
  const d = t.data;
  if (t.dtype === 'bool') {
    for (let i = 0; i < d.length; i++) out[pos + i] = d[i] ? 1 : 0;
  } else if (LITTLE_ENDIAN_HOST) {
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), pos);
  } else {
    const view = new DataView(out.buffer, out.byteOffset + pos, d.byteLength);
    if (t.dtype === 'float32') for (let i = 0; i < d.length; i++) view.setFloat32(i * 4, d[i], true);
    else for (let i = 0; i < d.length; i++) view.setInt32(i * 4, d[i], true);
  }
}

/**
 * Parses safetensors bytes (any Uint8Array view, e.g. a Node Buffer at any offset); `source`
 * names the file in error messages. The tensors are fresh copies, never views of `bytes`.
 * Every inconsistency — truncation, a header length beyond the file or above 100 MiB, bad JSON,
 * malformed metadata, an unknown dtype, a bad shape, malformed, out-of-range or overlapping
 * offsets, a byte count that does not match shape × dtype — is a SafetensorsError (a FormatError,
 * code A3_FORMAT), never a RangeError from a typed array.
 */
export function decodeSafetensors(bytes: Uint8Array, source = 'safetensors data'): SafetensorsContent {
  const fail = (reason: SafetensorsErrorReason, why: string, cause?: unknown): never => {
    throw new SafetensorsError(
      reason,
      `${source} is not a valid safetensors file: ${why}. Re-save the model or restore the file.`,
      cause === undefined ? undefined : { cause },
    );
  };
  if (bytes.length < 8)
    fail('header-length', `it has ${bytes.length} bytes, fewer than the 8-byte header length`);
  const headerLen = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true);
  if (headerLen > BigInt(bytes.length - 8)) {
    fail(
      'header-length',
      `the header length (${headerLen} bytes) runs beyond the end of the file (${bytes.length} bytes; truncated?)`,
    );
  }
  if (headerLen > BigInt(SAFETENSORS_MAX_HEADER_BYTES))
    fail('header-length', `the header length ${headerLen} is implausibly large`);
  const n = Number(headerLen);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (err) {
    fail('header-json', `the header is not valid UTF-8 JSON (${(err as Error).message})`, err);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    fail('header-json', 'the header is not a JSON object');
  const dataStart = 8 + n;
  const dataLen = bytes.length - dataStart;
  const tensors = new Map<string, TensorData>(); // not a plain object: a tensor may be named "__proto__"
  let metadata: Record<string, string> = {};
  const ranges: [number, number, string][] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = parseMetadata(entry, fail);
      continue;
    }
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
      fail('entry', `entry "${name}" is not an object`);
    const e = entry as Partial<HeaderEntry>;
    const dtype = Object.hasOwn(ST_TO_DTYPE, String(e.dtype)) ? ST_TO_DTYPE[String(e.dtype)] : undefined;
    if (!dtype)
      fail('dtype', `tensor "${name}" has dtype ${JSON.stringify(e.dtype)}; supported: F32, I32, BOOL, U8`);
    const shape = e.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      fail('shape', `tensor "${name}" has an invalid shape ${JSON.stringify(shape)}`);
    const offs = e.data_offsets;
    if (
      !Array.isArray(offs) ||
      offs.length !== 2 ||
      !offs.every((o) => Number.isSafeInteger(o) && o >= 0) ||
      offs[0] > offs[1]
    ) {
      fail('offsets', `tensor "${name}" has invalid data_offsets ${JSON.stringify(offs)}`);
    }
    const [begin, end] = offs as [number, number];
    if (end > dataLen)
      fail(
        'offsets',
        `tensor "${name}" ends at byte ${end} but the data section has only ${dataLen} bytes (truncated?)`,
      );
    const expected = shapeSize(shape as number[]) * BYTES[dtype!];
    if (end - begin !== expected) {
      fail(
        'size',
        `tensor "${name}" has ${end - begin} bytes but shape ${JSON.stringify(shape)} ${dtype} needs ${expected}`,
      );
    }
    ranges.push([begin, end, name]);
    tensors.set(
      name,
      readLittleEndian(bytes.subarray(dataStart + begin, dataStart + end), dtype!, shape as number[]),
    );
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i][0] < ranges[i - 1][1])
      fail('offsets', `tensors "${ranges[i - 1][2]}" and "${ranges[i][2]}" overlap`);
  }
  return { tensors: Object.fromEntries(tensors), metadata };
}

function parseMetadata(
  entry: unknown,
  fail: (reason: SafetensorsErrorReason, why: string) => never,
): Record<string, string> {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
    fail('metadata', '__metadata__ is not an object');
  for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
    if (typeof v !== 'string') fail('metadata', `__metadata__ "${k}" is not a string`);
  }
  return Object.fromEntries(Object.entries(entry as Record<string, string>));
}

/** A fresh, aligned copy of `raw` (never a view of a pooled Node Buffer) as a tensor. */
function readLittleEndian(raw: Uint8Array, dtype: DType, shape: number[]): TensorData {
  const size = shapeSize(shape);
  if (dtype === 'bool') {
    const d = new Uint8Array(size);
    for (let i = 0; i < size; i++) d[i] = raw[i] ? 1 : 0;
    return new TensorData(shape, 'bool', d);
  }
  const d = dtype === 'float32' ? new Float32Array(size) : new Int32Array(size);
  if (LITTLE_ENDIAN_HOST) {
    new Uint8Array(d.buffer).set(raw);
  } else {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    if (d instanceof Float32Array) for (let i = 0; i < size; i++) d[i] = view.getFloat32(i * 4, true);
    else for (let i = 0; i < size; i++) d[i] = view.getInt32(i * 4, true);
  }
  return dtype === 'float32'
    ? new TensorData(shape, 'float32', d as Float32Array)
    : new TensorData(shape, 'int32', d as Int32Array);
}
