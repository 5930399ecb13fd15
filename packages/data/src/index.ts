export { SeededRandom } from './random/prng';
export { permutation, sampleWithoutReplacement, shuffleInPlace } from './random/shuffle';
export { Table } from './table/table';
export type { CategoricalColumn, Column, ColumnKind, NumericColumn } from './table/table';
export type { InvalidPolicy } from './table/cells';
export { DEFAULT_MISSING_TOKENS } from './table/cells';
export type { CsvReadOptions, CsvStreamOptions } from './csv/options';
export { readCsv, streamCsvTables } from './csv/read-csv';
export type { CsvTableChunk } from './csv/read-csv';
