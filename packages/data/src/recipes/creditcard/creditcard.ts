import { join } from 'node:path';
import { DataError } from '@a3/core';
import { readCsvFirstRecord } from '../../csv/read-header';
import { readCsvWithStats } from '../../csv/read-csv';
import { isDirectory } from '../../io/read-bytes';
import { quoteInput } from '../../messages/quote';
import type { LoadedDataset, Recipe, RecipeOptions } from '../recipe';
import { buildTabularDataset, requirePath } from '../tabular-dataset';

const FEATURES = ['Time', ...Array.from({ length: 28 }, (_, i) => `V${i + 1}`), 'Amount'];

export const creditcardRecipe: Recipe = {
  name: 'creditcard',
  description:
    'Kaggle credit-card fraud (ULB, 284,807 transactions, 492 frauds): V1..V28 + Amount (Time dropped, ' +
    'as in the A³ reference code), min-max fitted on train; seeded stratified test hold-out.',
  source: 'https://www.kaggle.com/datasets/mlg-ulb/creditcardfraud (creditcard.csv; Kaggle account needed).',
  files: 'creditcard.csv, or a directory containing it (columns Time, V1..V28, Amount, Class)',
  classes: 'normal (Class 0), fraud (Class 1)',
  load: loadCreditcard,
};

export async function loadCreditcard(options: RecipeOptions = {}): Promise<LoadedDataset> {
  const path = requirePath(options, creditcardRecipe);
  const file = isDirectory(path) ? join(path, 'creditcard.csv') : path;
  const header = readCsvFirstRecord(file, options.delimiter ?? ',').map((h) => h.trim());
  const missing = [...FEATURES, 'Class'].filter((c) => !header.includes(c));
  if (missing.length) {
    throw new DataError(
      `${file} lacks column(s) ${missing.join(', ')}; expected the Kaggle creditcard.csv schema ` +
        '(Time, V1..V28, Amount, Class).',
    );
  }
  const { table, dropped } = await readCsvWithStats(file, {
    categorical: ['Class'],
    numeric: FEATURES,
    onInvalid: options.onInvalid,
    maxRows: options.maxRows,
    delimiter: options.delimiter,
  });
  const labels = table.categorical('Class').map((c, i) => {
    if (c === '0') return 'normal';
    if (c === '1') return 'fraud';
    throw new DataError(`${file}: data row ${i + 1} has Class ${quoteInput(c)}; expected 0 or 1.`);
  });
  return buildTabularDataset({
    name: 'creditcard',
    train: table,
    trainLabels: labels,
    labelColumns: ['Class'],
    preprocess: { drop: ['Time', ...(options.drop ?? [])] },
    normalClasses: ['normal'],
    notes: dropped ? [`dropped ${dropped} rows with invalid values`] : [],
    options,
  });
}
