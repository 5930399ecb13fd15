/**
 * @a3/parquet — Parquet for a3: read data sets for training, evaluation and scoring by streaming
 * row groups in bounded memory (hyparquet), and write score files (hyparquet-writer). A separate
 * package so a CSV-only user installs neither library.
 */
export { inspectParquet, ParquetFile } from './file/parquet-file';
export type { ParquetInfo, ParquetRowGroup } from './file/parquet-file';
export type { ParquetColumn } from './file/column-kind';
export type { ParquetReadOptions, ParquetStreamOptions } from './read/options';
export { readParquet, readParquetWithStats } from './read/read-parquet';
export { checkParquetInputs, streamParquet } from './read/stream-parquet';
export type { ParquetTensorChunk, ParquetTensorStreamOptions } from './read/stream-parquet';
export type { ParquetTableChunk } from './read/parquet-chunks';
export { loadParquetDataset, parquetRecipe } from './recipe/parquet-dataset';
export { ParquetFileWriter } from './write/parquet-writer';
export type {
  ParquetColumnSpec,
  ParquetColumnType,
  ParquetFileWriterOptions,
  ParquetValues,
} from './write/parquet-writer';

/** True for paths a3 reads and writes as Parquet (by extension, as the CLI decides). */
export function isParquetPath(path: string): boolean {
  return /\.parquet$/i.test(path);
}
