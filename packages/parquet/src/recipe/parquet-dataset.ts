import { InvalidArgumentError } from '@a3/core';
import {
  buildTabularDataset,
  type LoadedDataset,
  type Recipe,
  type RecipeOptions,
  type Table,
} from '@a3/data';
import { inspectParquet } from '../file/parquet-file';
import { readParquetWithStats } from '../read/read-parquet';

export const parquetRecipe: Recipe = {
  name: 'parquet',
  description:
    'Any Parquet file with a label column, as the csv recipe reads a CSV: numeric columns as they are, ' +
    'strings (or options.categorical) one-hot, min-max fitted on train; testPath for a separate test file, ' +
    'else a seeded hold-out.',
  source: 'your own data.',
  files:
    'a Parquet file (options.path), optionally a test Parquet file with the same columns (options.testPath)',
  classes: 'the distinct values of options.labelColumn, as stored in the file',
  load: loadParquetDataset,
};

/**
 * The csv recipe for Parquet files: the same options (labelColumn, testPath, drop, categorical,
 * onInvalid, maxRows, testFraction, seed, scaler) and the same result, so a model trained from a
 * Parquet copy of a CSV equals one trained from the CSV.
 */
export async function loadParquetDataset(options: RecipeOptions = {}): Promise<LoadedDataset> {
  const file = options.path;
  if (!file) {
    throw new InvalidArgumentError(`Recipe "parquet" needs options.path: ${parquetRecipe.files}.`);
  }
  const labelColumn = options.labelColumn;
  if (!labelColumn) {
    const info = await inspectParquet(file);
    throw new InvalidArgumentError(
      `Recipe "parquet" needs options.labelColumn: one of ${info.columns.map((c) => c.name).join(', ')}.`,
    );
  }
  const read = (f: string): Promise<{ table: Table; dropped: number }> =>
    readParquetWithStats(f, {
      categorical: [labelColumn, ...(options.categorical ?? [])],
      ...(options.onInvalid !== undefined ? { onInvalid: options.onInvalid } : {}),
      ...(options.maxRows !== undefined ? { maxRows: options.maxRows } : {}),
    });
  const train = await read(file);
  const test = options.testPath ? await read(options.testPath) : undefined;
  const notes = [train, test].flatMap((r) =>
    r?.dropped ? [`dropped ${r.dropped} rows with invalid values`] : [],
  );
  return buildTabularDataset({
    name: 'parquet',
    train: train.table,
    trainLabels: [...train.table.categorical(labelColumn)],
    test: test?.table,
    testLabels: test ? [...test.table.categorical(labelColumn)] : undefined,
    labelColumns: [labelColumn],
    preprocess: { drop: options.drop ?? [], categorical: options.categorical ?? [] },
    normalClasses: [],
    notes,
    options,
  });
}
