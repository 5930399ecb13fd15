import type { TensorData } from '@a3/core';
import { imputeMeans, type ColumnKind, type InputColumn, type TabularPreprocessor } from '@a3/data';
import { ParquetFile, type ParquetInfo } from '../file/parquet-file';
import { parquetChunks, type ParquetTableChunk } from './parquet-chunks';
import { list, planRead, type ParquetStreamOptions } from './options';
import { DataError } from '@a3/core';

export interface ParquetTensorChunk extends ParquetTableChunk {
  /** Preprocessed features [rows, numFeatures]. */
  readonly rows: TensorData<'float32'>;
}

export interface ParquetTensorStreamOptions extends ParquetStreamOptions {
  preprocessor: TabularPreprocessor;
}

/**
 * Streams a Parquet file in chunks of `chunkSize` rows (default 10 000) in bounded memory, one
 * row group (and within it one window of rows) at a time — for scoring files of any size. With a
 * fitted `preprocessor`, only its input columns (plus `columns`, e.g. ids to keep) are read,
 * their types are checked against what it expects before any data is read, and each chunk also
 * carries the float32 features; 'impute-mean' then uses its training means.
 */
export function streamParquet(
  file: string,
  options: ParquetTensorStreamOptions,
): AsyncGenerator<ParquetTensorChunk>;
export function streamParquet(
  file: string,
  options?: ParquetStreamOptions,
): AsyncGenerator<ParquetTableChunk>;
export function streamParquet(
  file: string,
  options: ParquetStreamOptions | ParquetTensorStreamOptions = {},
): AsyncGenerator<ParquetTableChunk | ParquetTensorChunk> {
  return 'preprocessor' in options ? tensorChunks(file, options) : tableChunks(file, options);
}

async function* tableChunks(file: string, options: ParquetStreamOptions): AsyncGenerator<ParquetTableChunk> {
  const pq = await ParquetFile.open(file);
  try {
    const plan = planRead(pq.info, options);
    const given = toMap(options.imputeWith);
    for await (const chunk of parquetChunks(pq, plan)) {
      yield plan.onInvalid === 'impute-mean'
        ? { ...chunk, table: imputeMeans(chunk.table, file, given) }
        : chunk;
    }
  } finally {
    await pq.close();
  }
}

async function* tensorChunks(
  file: string,
  options: ParquetTensorStreamOptions,
): AsyncGenerator<ParquetTensorChunk> {
  const pre = options.preprocessor;
  const pq = await ParquetFile.open(file);
  try {
    const plan = planRead(
      pq.info,
      { ...options, columns: modelColumns(pq.info, pre.inputs, options.columns) },
      hintsOf(pre.inputs),
    );
    const given = options.imputeWith ? toMap(options.imputeWith) : pre.means;
    for await (const chunk of parquetChunks(pq, plan)) {
      const table = plan.onInvalid === 'impute-mean' ? imputeMeans(chunk.table, file, given) : chunk.table;
      yield { ...chunk, table, rows: pre.transform(table) };
    }
  } finally {
    await pq.close();
  }
}

/**
 * The columns a model reads from `info`, then `extra` ones; a missing input fails here, naming
 * all that are missing and what the file has, before anything is read or written.
 */
export function modelColumns(
  info: ParquetInfo,
  inputs: readonly InputColumn[],
  extra: readonly string[] = [],
): string[] {
  const present = new Set(info.columns.map((c) => c.name));
  const missing = inputs.map((c) => c.name).filter((n) => !present.has(n));
  if (missing.length) {
    throw new DataError(
      `${info.file} lacks column(s) ${list(missing)} that the model reads. It has: ${list(info.columns.map((c) => c.name))}.`,
    );
  }
  const names = inputs.map((c) => c.name);
  return [...names, ...extra.filter((n) => !names.includes(n))];
}

/**
 * Checks, from the footer alone, that a Parquet file can be scored by a model with these inputs
 * (every input present, numeric inputs stored as numbers) and that `extra` columns exist: lets a
 * command fail before it opens any output.
 */
export function checkParquetInputs(
  info: ParquetInfo,
  inputs: readonly InputColumn[],
  extra: readonly string[] = [],
): void {
  planRead(info, { columns: modelColumns(info, inputs, extra) }, hintsOf(inputs));
}

function hintsOf(inputs: readonly InputColumn[]): Map<string, ColumnKind> {
  return new Map(inputs.map((c) => [c.name, c.kind] as const));
}

function toMap(
  values: ReadonlyMap<string, number> | Readonly<Record<string, number>> | undefined,
): ReadonlyMap<string, number> {
  if (!values) return new Map();
  if (values instanceof Map) return values;
  return new Map(Object.entries(values as Readonly<Record<string, number>>));
}
