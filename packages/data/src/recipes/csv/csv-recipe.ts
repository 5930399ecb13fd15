import { InvalidArgumentError } from '@a3/core';
import { readCsvFirstRecord } from '../../csv/read-header';
import { readCsvWithStats } from '../../csv/read-csv';
import { listSome } from '../../messages/quote';
import type { Table } from '../../table/table';
import type { LoadedDataset, Recipe, RecipeOptions } from '../recipe';
import { buildTabularDataset, requirePath } from '../tabular-dataset';

export const csvRecipe: Recipe = {
  name: 'csv',
  description:
    'Any CSV with a label column: numeric columns as they are, non-numeric (or options.categorical) ' +
    'columns one-hot, min-max fitted on train; testPath for a separate test file, else a seeded hold-out.',
  source: 'your own data.',
  files:
    'a CSV file with a header row (options.path), optionally a test CSV with the same columns (options.testPath)',
  classes: 'the distinct values of options.labelColumn, as written in the file',
  load: loadCsvDataset,
};

export async function loadCsvDataset(options: RecipeOptions = {}): Promise<LoadedDataset> {
  const file = requirePath(options, csvRecipe);
  const labelColumn = options.labelColumn;
  if (!labelColumn) {
    const header = readCsvFirstRecord(file, options.delimiter ?? ',');
    throw new InvalidArgumentError(`Recipe "csv" needs options.labelColumn: one of ${listSome(header)}.`);
  }
  const read = (f: string): Promise<{ table: Table; dropped: number }> =>
    readCsvWithStats(f, {
      delimiter: options.delimiter,
      categorical: [labelColumn, ...(options.categorical ?? [])],
      onInvalid: options.onInvalid,
      maxRows: options.maxRows,
    });
  const train = await read(file);
  const test = options.testPath ? await read(options.testPath) : undefined;
  const notes = [train, test].flatMap((r) =>
    r?.dropped ? [`dropped ${r.dropped} rows with invalid values`] : [],
  );
  return buildTabularDataset({
    name: 'csv',
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
