import type { TensorData } from '@a3/core';
import type { TabularPreprocessor } from '../preprocess/tabular-preprocessor';
import { imputeMeans } from '../table/impute';
import type { Table } from '../table/table';
import { CsvChunker } from './csv-chunks';
import { type CsvStreamOptions, resolveCsvOptions } from './options';
import { type CsvTableChunk, toMap } from './read-csv';

export interface CsvTensorChunk {
  /** Preprocessed features [rows, numFeatures]. */
  readonly rows: TensorData<'float32'>;
  /** The raw chunk, for columns the model does not use (ids, labels). */
  readonly table: Table;
  /** 0-based index of the chunk's first row among all rows read (after dropped rows). */
  readonly startRow: number;
  /** 1-based source line of each row. */
  readonly lines: Int32Array;
  /** Rows the 'drop-row' policy skipped while this chunk was read. */
  readonly dropped: number;
}

export interface CsvTensorStreamOptions extends CsvStreamOptions {
  preprocessor: TabularPreprocessor;
}

/**
 * Streams a CSV file in chunks of `chunkSize` rows (default 10 000) in bounded memory — for
 * scoring files of any size. With a fitted `preprocessor`, each chunk also carries the float32
 * features: column kinds come from the preprocessor and 'impute-mean' uses its training means.
 */
export function streamCsv(file: string, options: CsvTensorStreamOptions): AsyncGenerator<CsvTensorChunk>;
export function streamCsv(file: string, options?: CsvStreamOptions): AsyncGenerator<CsvTableChunk>;
export function streamCsv(
  file: string,
  options: CsvStreamOptions | CsvTensorStreamOptions = {},
): AsyncGenerator<CsvTableChunk | CsvTensorChunk> {
  return 'preprocessor' in options ? tensorChunks(file, options) : tableChunks(file, options);
}

async function* tableChunks(file: string, options: CsvStreamOptions): AsyncGenerator<CsvTableChunk> {
  const opts = resolveCsvOptions(options);
  const given = toMap(options.imputeWith);
  for await (const chunk of new CsvChunker(file, opts).chunks()) {
    yield opts.onInvalid === 'impute-mean'
      ? { ...chunk, table: imputeMeans(chunk.table, file, given) }
      : chunk;
  }
}

async function* tensorChunks(file: string, options: CsvTensorStreamOptions): AsyncGenerator<CsvTensorChunk> {
  const pre = options.preprocessor;
  const hints = new Map(pre.inputs.map((c) => [c.name, c.kind] as const));
  const opts = resolveCsvOptions(options, hints);
  const given = options.imputeWith ? toMap(options.imputeWith) : pre.means;
  for await (const chunk of new CsvChunker(file, opts).chunks()) {
    const table = opts.onInvalid === 'impute-mean' ? imputeMeans(chunk.table, file, given) : chunk.table;
    yield { ...chunk, table, rows: pre.transform(table) };
  }
}
