import { FormatError, InvalidArgumentError, TensorData, shapeSize, type DType } from '@a3/core';

/**
 * A small, dependency-free codec for the safetensors format (huggingface/safetensors):
 * 8-byte little-endian header length N, N bytes of JSON header
 * `{name: {dtype, shape, data_offsets: [begin, end]}, __metadata__?: {string: string}}`,
 * then the raw little-endian tensor bytes. Offsets are relative to the byte after the header.
 * We write it ourselves so a model file is readable from Python (`safetensors.numpy.load_file`)
 * and by every backend without pulling a protobuf or HDF5 library.
 */

const DTYPE_TO_ST: Record<DType, string> = { float32: 'F32', int32: 'I32', bool: 'BOOL' };
const ST_TO_DTYPE: Record<string, DType> = { F32: 'float32', I32: 'int32', BOOL: 'bool', U8: 'bool' };
const BYTES: Record<DType, number> = { float32: 4, int32: 4, bool: 1 };

/** Headers larger than this are refused: a corrupt length must not make us allocate gigabytes. */
const MAX_HEADER_BYTES = 100 * 1024 * 1024;

export interface SafetensorsContent {
  readonly tensors: Record<string, TensorData>;
  readonly metadata: Record<string, string>;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** Serialises named tensors (in sorted name order, so equal content gives equal bytes). */
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
  // Pad the header with spaces to 8 bytes so the data that follows is aligned (the spec allows it).
  let json = JSON.stringify(header);
  const raw = new TextEncoder().encode(json);
  const padded = Math.ceil(raw.length / 8) * 8;
  json += ' '.repeat(padded - raw.length);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let pos = 8 + headerBytes.length;
  for (const name of names) {
    const t = tensors[name];
    writeLittleEndian(t, out, pos);
    pos += t.size * BYTES[t.dtype];
  }
  return out;
}

function writeLittleEndian(t: TensorData, out: Uint8Array, pos: number): void {
  const view = new DataView(out.buffer, out.byteOffset + pos, t.size * BYTES[t.dtype]);
  const d = t.data;
  if (t.dtype === 'float32') for (let i = 0; i < d.length; i++) view.setFloat32(i * 4, d[i], true);
  else if (t.dtype === 'int32') for (let i = 0; i < d.length; i++) view.setInt32(i * 4, d[i], true);
  else for (let i = 0; i < d.length; i++) view.setUint8(i, d[i] ? 1 : 0);
}

/**
 * Parses safetensors bytes; `source` names the file in error messages. Every inconsistency
 * (truncation, header length beyond the file, bad JSON, overlapping or out-of-range offsets,
 * sizes that do not match shapes) is a FormatError, never a RangeError from a typed array.
 */
export function decodeSafetensors(bytes: Uint8Array, source = 'safetensors data'): SafetensorsContent {
  const fail = (why: string): never => {
    throw new FormatError(
      `${source} is not a valid safetensors file: ${why}. Re-save the model or restore the file.`,
    );
  };
  if (bytes.length < 8) fail(`it has ${bytes.length} bytes, fewer than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = view.getBigUint64(0, true);
  if (headerLen > BigInt(bytes.length - 8)) {
    fail(
      `the header length (${headerLen} bytes) runs beyond the end of the file (${bytes.length} bytes; truncated?)`,
    );
  }
  if (headerLen > BigInt(MAX_HEADER_BYTES)) fail(`the header length ${headerLen} is implausibly large`);
  const n = Number(headerLen);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (err) {
    fail(`the header is not valid UTF-8 JSON (${(err as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    fail('the header is not a JSON object');
  const dataStart = 8 + n;
  const dataLen = bytes.length - dataStart;
  const tensors: Record<string, TensorData> = {};
  let metadata: Record<string, string> = {};
  const ranges: [number, number, string][] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = parseMetadata(entry, fail);
      continue;
    }
    const e = entry as Partial<HeaderEntry> | null;
    if (e === null || typeof e !== 'object') fail(`entry "${name}" is not an object`);
    const dtype = ST_TO_DTYPE[String(e!.dtype)];
    if (!dtype) fail(`tensor "${name}" has dtype ${JSON.stringify(e!.dtype)}; supported: F32, I32, BOOL, U8`);
    const shape = e!.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      fail(`tensor "${name}" has an invalid shape ${JSON.stringify(shape)}`);
    }
    const offs = e!.data_offsets;
    if (
      !Array.isArray(offs) ||
      offs.length !== 2 ||
      !offs.every((o) => Number.isInteger(o) && o >= 0) ||
      offs[0] > offs[1]
    ) {
      fail(`tensor "${name}" has invalid data_offsets ${JSON.stringify(offs)}`);
    }
    const [begin, end] = offs as [number, number];
    if (end > dataLen)
      fail(
        `tensor "${name}" ends at byte ${end} but the data section has only ${dataLen} bytes (truncated?)`,
      );
    const expected = shapeSize(shape as number[]) * BYTES[dtype];
    if (end - begin !== expected) {
      fail(
        `tensor "${name}" has ${end - begin} bytes but shape ${JSON.stringify(shape)} ${dtype} needs ${expected}`,
      );
    }
    ranges.push([begin, end, name]);
    tensors[name] = readLittleEndian(bytes, dataStart + begin, dtype, shape as number[]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i][0] < ranges[i - 1][1]) fail(`tensors "${ranges[i - 1][2]}" and "${ranges[i][2]}" overlap`);
  }
  return { tensors, metadata };
}

function parseMetadata(entry: unknown, fail: (why: string) => never): Record<string, string> {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
    fail('__metadata__ is not an object');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
    if (typeof v !== 'string') fail(`__metadata__ "${k}" is not a string`);
    out[k] = v as string;
  }
  return out;
}

function readLittleEndian(bytes: Uint8Array, pos: number, dtype: DType, shape: number[]): TensorData {
  const size = shapeSize(shape);
  const view = new DataView(bytes.buffer, bytes.byteOffset + pos, size * BYTES[dtype]);
  if (dtype === 'float32') {
    const d = new Float32Array(size);
    for (let i = 0; i < size; i++) d[i] = view.getFloat32(i * 4, true);
    return new TensorData(shape, 'float32', d);
  }
  if (dtype === 'int32') {
    const d = new Int32Array(size);
    for (let i = 0; i < size; i++) d[i] = view.getInt32(i * 4, true);
    return new TensorData(shape, 'int32', d);
  }
  const d = new Uint8Array(size);
  for (let i = 0; i < size; i++) d[i] = view.getUint8(i) ? 1 : 0;
  return new TensorData(shape, 'bool', d);
}
