import * as zlib from 'node:zlib';
import { UnsupportedError } from '@a3/core';
import type { Compressors, FileMetaData } from 'hyparquet';

type Decompress = (input: Uint8Array, outputLength: number) => Uint8Array;

/** Node ≥ 22.15 has zstd in zlib; typed loosely so this compiles against Node 20's types too. */
const zstd = (zlib as unknown as { zstdDecompressSync?: (b: Uint8Array) => Buffer }).zstdDecompressSync;

function viaNode(inflate: (b: Uint8Array) => Buffer): Decompress {
  return (input) => {
    const out = inflate(input);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  };
}

/**
 * Decompressors beyond hyparquet's built-in SNAPPY, from node:zlib (no extra dependency):
 * GZIP and BROTLI always, ZSTD where Node has it (22.15+). pyarrow, Spark and DuckDB write
 * SNAPPY by default; polars writes ZSTD.
 */
export const COMPRESSORS: Compressors = {
  GZIP: viaNode(zlib.gunzipSync),
  BROTLI: viaNode(zlib.brotliDecompressSync),
  ...(zstd ? { ZSTD: viaNode(zstd) } : {}),
};

const READABLE = new Set(['UNCOMPRESSED', 'SNAPPY', ...Object.keys(COMPRESSORS)]);

/** Fails before any data is read when a column to read is compressed with a codec we cannot undo. */
export function checkCodecs(file: string, metadata: FileMetaData, columns: readonly string[]): void {
  const wanted = new Set(columns);
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (!meta || !wanted.has(meta.path_in_schema[0]) || READABLE.has(meta.codec)) continue;
      throw new UnsupportedError(
        `${file}: column "${meta.path_in_schema[0]}" is compressed with ${meta.codec}, which this reader cannot ` +
          `decompress on Node ${process.versions.node} (it reads ${[...READABLE].join(', ')}). ` +
          'Re-write the file with compression="snappy" (pyarrow) or upgrade Node for ZSTD.',
      );
    }
  }
}
