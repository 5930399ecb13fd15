import { imputeMeans } from '../table/impute';
import { Table } from '../table/table';
import { CsvChunker, type RawCsvChunk } from './csv-chunks';
import { type CsvReadOptions, resolveCsvOptions } from './options';

export type CsvTableChunk = RawCsvChunk;

/**
 * Reads a whole CSV file into a Table: numeric columns as Float64Array, categorical as strings.
 * Under 'impute-mean', invalid cells get the mean of their column over the whole file.
 */
export async function readCsv(file: string, options: CsvReadOptions = {}): Promise<Table> {
  return (await readCsvWithStats(file, options)).table;
}

/** readCsv plus how many rows the 'drop-row' policy skipped (recipes report it). */
export async function readCsvWithStats(
  file: string,
  options: CsvReadOptions = {},
): Promise<{ table: Table; dropped: number }> {
  const opts = resolveCsvOptions({ ...options, chunkSize: 65_536 });
  const parts: Table[] = [];
  let dropped = 0;
  for await (const chunk of new CsvChunker(file, opts).chunks()) {
    parts.push(chunk.table);
    dropped += chunk.dropped;
  }
  const table = Table.concat(parts);
  return { table: opts.onInvalid === 'impute-mean' ? imputeMeans(table, file) : table, dropped };
}

export function toMap(
  values: ReadonlyMap<string, number> | Readonly<Record<string, number>> | undefined,
): ReadonlyMap<string, number> {
  if (!values) return new Map();
  if (values instanceof Map) return values;
  return new Map(Object.entries(values as Readonly<Record<string, number>>));
}
