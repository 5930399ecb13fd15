import { FormatError, TensorData, type DType } from '@a3/core';
import { ParameterCollection } from './parameter-collection';

const TO_ST: Record<DType, string> = { float32: 'F32', int32: 'I32', bool: 'BOOL' };
const FROM_ST: Record<string, DType> = { F32: 'float32', I32: 'int32', BOOL: 'bool' };
const BYTES: Record<DType, number> = { float32: 4, int32: 4, bool: 1 };

interface Entry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/**
 * Parameters as a safetensors file (the Hugging Face format: u64 little-endian header
 * length, a JSON header of name → {dtype, shape, data_offsets}, then the raw bytes),
 * so checkpoints can be read by Python tools too. Names are sorted for stable output.
 */
export function paramsToSafetensors(
  params: ParameterCollection,
  metadata: Record<string, string> = {},
): Uint8Array {
  const names = params.names().sort();
  const header: Record<string, Entry | Record<string, string>> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const n of names) {
    const t = params.get(n);
    const bytes = t.size * BYTES[t.dtype];
    header[n] = { dtype: TO_ST[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8); // data starts 8-byte aligned
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const n of names) {
    const t = params.get(n);
    const src = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    out.set(src, at); // typed arrays are little-endian on every platform Node runs on
    at += src.length;
  }
  return out;
}

export function paramsFromSafetensors(bytes: Uint8Array): {
  params: ParameterCollection;
  metadata: Record<string, string>;
} {
  if (bytes.length < 8)
    throw new FormatError('Not a safetensors file: shorter than its 8-byte header length.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = Number(view.getBigUint64(0, true));
  if (8 + len > bytes.length)
    throw new FormatError(`safetensors header of ${len} bytes runs past the end of the file (truncated?).`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len))) as Record<string, unknown>;
  } catch (e) {
    throw new FormatError('safetensors header is not valid JSON (corrupt file?).', { cause: e });
  }
  const base = 8 + len;
  const params = new ParameterCollection();
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const e = raw as Entry;
    const dtype = FROM_ST[e.dtype];
    if (!dtype)
      throw new FormatError(`safetensors tensor "${name}" has dtype ${e.dtype}; a3 reads F32, I32 and BOOL.`);
    const [s, end] = e.data_offsets;
    const size = e.shape.reduce((p, d) => p * d, 1);
    if (end - s !== size * BYTES[dtype] || base + end > bytes.length) {
      throw new FormatError(
        `safetensors tensor "${name}" has inconsistent offsets [${s}, ${end}] for shape [${e.shape.join(', ')}].`,
      );
    }
    // A fresh, aligned copy (a Node Buffer's slice() would share the pooled file buffer).
    const copy = new Uint8Array(end - s);
    copy.set(bytes.subarray(base + s, base + end));
    const data =
      dtype === 'float32'
        ? new Float32Array(copy.buffer, 0, size)
        : dtype === 'int32'
          ? new Int32Array(copy.buffer, 0, size)
          : new Uint8Array(copy.buffer, 0, size);
    params.set(name, new TensorData(e.shape, dtype, data));
  }
  return { params, metadata: (header.__metadata__ as Record<string, string> | undefined) ?? {} };
}
