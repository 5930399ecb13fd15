import type { DecodedArray } from 'hyparquet';

/**
 * Decoded Parquet values → float64. Integers (also int64 as BigInt) and floats become numbers;
 * null (a missing value) becomes NaN, which the invalid-value policy then handles exactly like
 * an empty CSV cell.
 */
export function toNumbers(data: DecodedArray): Float64Array {
  if (data instanceof Float64Array) return data.slice();
  if (
    data instanceof Float32Array ||
    data instanceof Int32Array ||
    data instanceof Uint32Array ||
    data instanceof Uint8Array
  ) {
    return Float64Array.from(data);
  }
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v: unknown = data[i];
    out[i] = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : NaN;
  }
  return out;
}

/**
 * Decoded Parquet values → category strings. Numbers print as the CSV reader would have read
 * them ("6", "0.5"), so a code column typed as int in Parquet and as text in CSV gives the same
 * categories; null becomes "" (an empty CSV field); dates print as ISO 8601.
 */
export function toStrings(data: DecodedArray): string[] {
  const out = new Array<string>(data.length);
  for (let i = 0; i < data.length; i++) out[i] = stringOf(data[i] as unknown);
  return out;
}

function stringOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  // Nested values (lists, structs): a stable text form, BigInts as their digits.
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}
