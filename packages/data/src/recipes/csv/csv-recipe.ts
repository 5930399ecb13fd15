import { DataError, InvalidArgumentError } from '@a3/core';
import { readCsvFirstRecord } from '../../csv/read-header';
import { readCsvWithStats } from '../../csv/read-csv';
import { formatCount, listSome, quoteInput } from '../../messages/quote';
import type { Table } from '../../table/table';
import type { LoadedDataset, Recipe, RecipeOptions } from '../recipe';
import { buildTabularDataset, looksLikeIdentifier, requirePath } from '../tabular-dataset';

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
  checkLabelColumn(train.table.categorical(labelColumn), labelColumn, file);
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

/**
 * A label column names a few classes. One with a value per row (a numeric feature, an id) would
 * make thousands of one-row "classes" that no split can use: say so before anything else fails.
 */
function checkLabelColumn(labels: readonly string[], column: string, file: string): void {
  const distinct = [...new Set(labels)];
  if (looksLikeIdentifier(distinct.length, labels.length)) {
    throw new DataError(
      `${file}: label column ${quoteInput(column)} has ${formatCount(distinct.length)} distinct values in ` +
        `${formatCount(labels.length)} rows (${listSome(distinct)}): it looks like a feature or an id, not ` +
        'class names. Choose the column that holds the classes (labelColumn).',
    );
  }
}
