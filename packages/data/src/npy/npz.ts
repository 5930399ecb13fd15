import { FormatError } from '@a3/core';
import { readBytes } from '../io/read-bytes';
import { ZipArchive } from '../zip/zip-archive';
import { type NpyArray, parseNpy } from './npy';

/**
 * Reads every array of an .npz archive (np.savez / np.savez_compressed), keyed by name without
 * the ".npy" suffix — `np.savez(f, X=..., y=...)` gives keys "X" and "y".
 */
export function readNpz(file: string): Map<string, NpyArray> {
  const bytes = readBytes(file);
  if (bytes.length >= 6 && bytes[0] === 0x93 && bytes[1] === 0x4e) {
    throw new FormatError(`${file} is a single .npy array, not an .npz archive; read it with readNpy.`);
  }
  const zip = new ZipArchive(bytes, file);
  const out = new Map<string, NpyArray>();
  for (const e of zip.entries) {
    if (e.name.endsWith('/')) continue;
    const key = e.name.endsWith('.npy') ? e.name.slice(0, -4) : e.name;
    out.set(key, parseNpy(zip.read(e.name), `${file}:${e.name}`));
  }
  return out;
}
