import { imputeMeans, Table } from '@a3/data';
import { ParquetFile } from '../file/parquet-file';
import { parquetChunks } from './parquet-chunks';
import { planRead, type ParquetReadOptions } from './options';

/**
 * Reads a whole Parquet file into a Table (for training: the rows must fit in memory anyway),
 * row group by row group: numeric Parquet columns as Float64Array, everything else as strings.
 * Under 'impute-mean', invalid cells get the mean of their column over the whole file.
 */
export async function readParquet(file: string, options: ParquetReadOptions = {}): Promise<Table> {
  return (await readParquetWithStats(file, options)).table;
}

/** readParquet plus how many rows the 'drop-row' policy skipped. */
export async function readParquetWithStats(
  file: string,
  options: ParquetReadOptions = {},
): Promise<{ table: Table; dropped: number }> {
  const pq = await ParquetFile.open(file);
  try {
    const plan = planRead(pq.info, { ...options, chunkSize: 65_536 });
    const parts: Table[] = [];
    let dropped = 0;
    for await (const chunk of parquetChunks(pq, plan)) {
      parts.push(chunk.table);
      dropped += chunk.dropped;
    }
    const table = Table.concat(parts);
    return { table: plan.onInvalid === 'impute-mean' ? imputeMeans(table, file) : table, dropped };
  } finally {
    await pq.close();
  }
}
