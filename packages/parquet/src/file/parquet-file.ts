import { open, type FileHandle } from 'node:fs/promises';
import { A3Error, FormatError, IOError } from '@a3/core';
import { parquetMetadataAsync, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { describeColumn, type ParquetColumn } from './column-kind';

/** One row group: where its rows start among the file's rows, and how many it holds. */
export interface ParquetRowGroup {
  readonly start: number;
  readonly rows: number;
}

/** What a Parquet file holds, from its footer alone (no data pages are read). */
export interface ParquetInfo {
  readonly file: string;
  readonly rowCount: number;
  readonly rowGroups: readonly ParquetRowGroup[];
  /** Top-level columns in file order. */
  readonly columns: readonly ParquetColumn[];
  /** created_by of the writer (e.g. "parquet-cpp-arrow version 25.0.1"), when the footer has it. */
  readonly createdBy?: string;
}

/**
 * An open Parquet file: its footer parsed and a file-backed AsyncBuffer that reads byte ranges
 * on demand (positional reads on one descriptor), so nothing but the requested column chunks
 * is ever in memory. Close it when done.
 */
export class ParquetFile {
  private constructor(
    readonly info: ParquetInfo,
    readonly metadata: FileMetaData,
    readonly buffer: AsyncBuffer,
    private readonly handle: FileHandle,
  ) {}

  static async open(file: string): Promise<ParquetFile> {
    let handle: FileHandle;
    let size: number;
    try {
      handle = await open(file, 'r');
      const stat = await handle.stat();
      if (stat.isDirectory()) {
        await handle.close();
        throw new IOError(
          `${file} is a directory; pass one Parquet file (a partitioned data set is a directory of files — score each).`,
        );
      }
      size = stat.size;
    } catch (err) {
      throw err instanceof A3Error ? err : ioError(file, err);
    }
    const buffer = fileBuffer(handle, size, file);
    try {
      const metadata = await parquetMetadataAsync(buffer);
      return new ParquetFile(describe(file, metadata), metadata, buffer, handle);
    } catch (err) {
      await handle.close();
      if (err instanceof A3Error) throw err;
      throw new FormatError(
        `${file} is not a readable Parquet file (${reason(err)}). A file cut short while being copied ` +
          'or written loses its footer: re-copy or re-write it.',
        { cause: err },
      );
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** The footer of a Parquet file: row count, row groups and column types, without reading data. */
export async function inspectParquet(file: string): Promise<ParquetInfo> {
  const pq = await ParquetFile.open(file);
  await pq.close();
  return pq.info;
}

function describe(file: string, metadata: FileMetaData): ParquetInfo {
  const rowGroups: ParquetRowGroup[] = [];
  let start = 0;
  for (const g of metadata.row_groups) {
    const rows = Number(g.num_rows);
    rowGroups.push({ start, rows });
    start += rows;
  }
  return {
    file,
    rowCount: start,
    rowGroups,
    columns: parquetSchema(metadata).children.map(describeColumn),
    ...(metadata.created_by ? { createdBy: metadata.created_by } : {}),
  };
}

/** Positional reads on an open descriptor: hyparquet asks for footer, then column-chunk ranges. */
function fileBuffer(handle: FileHandle, size: number, file: string): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      const length = Math.max(0, Math.min(end, size) - start);
      const bytes = new Uint8Array(length);
      let done = 0;
      try {
        while (done < length) {
          const { bytesRead } = await handle.read(bytes, done, length - done, start + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
      } catch (err) {
        throw ioError(file, err);
      }
      if (done < length) {
        throw new FormatError(
          `${file} ended at byte ${start + done} while ${end} were expected (truncated?).`,
        );
      }
      return bytes.buffer;
    },
  };
}

function ioError(file: string, err: unknown): IOError {
  const code = (err as { code?: string } | null)?.code;
  if (code === 'ENOENT') return new IOError(`File not found: ${file}. Check the path.`, { cause: err });
  if (code === 'EACCES') return new IOError(`Permission denied reading ${file}.`, { cause: err });
  return new IOError(`Cannot read ${file}: ${reason(err)}`, { cause: err });
}

export function reason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
