import { FormatError } from '@a3/core';
import { limitAdvice, resolveInflateLimit } from '../io/inflate-limit';
import { readBytes } from '../io/read-bytes';
import { formatCount, quoteInput } from '../messages/quote';
import { type ZipEntry, ZipArchive } from '../zip/zip-archive';
import { NPY_HEAD_BYTES, type NpyArray, parseNpy, parseNpyHeader } from './npy';

export interface NpzReadOptions {
  /** Read only these arrays (names without ".npy"); others are never inflated. Arrays that are
   *  not in the archive are simply absent from the result. Default: every array. */
  readonly arrays?: readonly string[];
  /** The most bytes to inflate, over all arrays read. Default 2 GiB, or the
   *  A3_MAX_INFLATED_BYTES environment variable. */
  readonly maxInflatedBytes?: number;
}

/**
 * Reads the arrays of an .npz archive (np.savez / np.savez_compressed), keyed by name without
 * the ".npy" suffix — `np.savez(f, X=..., y=...)` gives keys "X" and "y".
 *
 * Before an array is inflated, the size the zip directory declares is checked against the limit
 * (summed over the arrays read) and against what its .npy header (inflated alone) needs; the
 * inflation then stops at that size. A crafted archive fails fast instead of filling memory.
 */
export function readNpz(file: string, options: NpzReadOptions = {}): Map<string, NpyArray> {
  const limit = resolveInflateLimit(options.maxInflatedBytes);
  const bytes = readBytes(file);
  if (bytes.length >= 6 && bytes[0] === 0x93 && bytes[1] === 0x4e) {
    throw new FormatError(`${file} is a single .npy array, not an .npz archive; read it with readNpy.`);
  }
  const zip = new ZipArchive(bytes, file);
  const out = new Map<string, NpyArray>();
  let inflated = 0;
  for (const [key, e] of selectArrays(zip, options.arrays, file)) {
    const name = quoteInput(e.name);
    if (inflated + e.size > limit) {
      const before = inflated ? ` (after ${formatCount(inflated)} bytes of other arrays)` : '';
      throw new FormatError(
        `${file}: ${name} inflates to ${formatCount(e.size)} bytes${before}, ${limitAdvice(limit)}`,
      );
    }
    const layout = parseNpyHeader(zip.head(e.name, Math.min(e.size, NPY_HEAD_BYTES)), `${file}:${e.name}`);
    const needed = layout.dataOffset + layout.dataBytes;
    if (needed !== e.size) {
      throw new FormatError(
        `${file}: ${name} declares ${formatCount(e.size)} bytes but its .npy header (shape ` +
          `[${layout.shape.join(', ')}], ${layout.descr}) needs ${formatCount(needed)}; the archive is corrupt or crafted.`,
      );
    }
    out.set(key, parseNpy(zip.read(e.name, { maxBytes: limit - inflated }), `${file}:${e.name}`));
    inflated += e.size;
  }
  return out;
}

/** [key, entry] of the arrays to read, in archive order; two entries for one key are an error. */
function selectArrays(
  zip: ZipArchive,
  wanted: readonly string[] | undefined,
  file: string,
): [string, ZipEntry][] {
  const want = wanted ? new Set(wanted) : null;
  const byKey = new Map<string, ZipEntry>();
  for (const e of zip.entries) {
    if (e.name.endsWith('/')) continue;
    const key = e.name.endsWith('.npy') ? e.name.slice(0, -4) : e.name;
    if (want && !want.has(key)) continue;
    if (byKey.has(key)) {
      throw new FormatError(
        `${file}: the archive holds array ${quoteInput(key)} twice (${quoteInput(e.name)}); it is corrupt or crafted.`,
      );
    }
    byKey.set(key, e);
  }
  return [...byKey];
}
