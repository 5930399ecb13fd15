import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, IOError } from '@a3/core';
import { readCsvFirstRecord } from '../../csv/read-header';
import { readCsvWithStats } from '../../csv/read-csv';
import { isDirectory } from '../../io/read-bytes';
import { listSome } from '../../messages/quote';
import { Table } from '../../table/table';
import type { LoadedDataset, Recipe, RecipeOptions } from '../recipe';
import { buildTabularDataset, requirePath } from '../tabular-dataset';
import { CIC_IDS2018_FAMILIES, CIC_IDS2018_ID_COLUMNS } from './labels';

export const cicIds2018Recipe: Recipe = {
  name: 'cic-ids2018',
  description:
    'CSE-CIC-IDS2018 flows (CICFlowMeter CSVs): id/timestamp columns dropped, Protocol one-hot, rows with ' +
    'NaN/Infinity dropped (onInvalid), min-max fitted on train; seeded stratified test hold-out.',
  source:
    'https://www.unb.ca/cic/datasets/ids-2018.html — "Processed Traffic Data for ML Algorithms", e.g. ' +
    'aws s3 sync --no-sign-request --region eu-central-1 "s3://cse-cic-ids2018/Processed Traffic Data for ML Algorithms/" <dir>',
  files: 'one CICFlowMeter CSV, or a directory of them (all *.csv are read; each has a Label column)',
  classes:
    'Benign (normal), Bot, BruteForce, DDoS, DoS, Infiltration, WebAttacks; labels: "attack" keeps the raw ' +
    'labels (e.g. "DoS attacks-Hulk", "FTP-BruteForce")',
  load: loadCicIds2018,
};

export async function loadCicIds2018(options: RecipeOptions = {}): Promise<LoadedDataset> {
  const path = requirePath(options, cicIds2018Recipe);
  const files = isDirectory(path)
    ? readdirSync(path)
        .filter((f) => f.toLowerCase().endsWith('.csv'))
        .sort()
        .map((f) => join(path, f))
    : [path];
  if (!files.length) throw new IOError(`No .csv files in ${path}.`);
  const delimiter = options.delimiter ?? ',';
  const onInvalid = options.onInvalid ?? 'drop-row';
  const tables: Table[] = [];
  const notes: string[] = [];
  for (const file of files) {
    const header = readCsvFirstRecord(file, delimiter).map((h) => h.trim());
    if (!header.includes('Label'))
      throw new DataError(`${file} has no "Label" column; is it a CICFlowMeter CSV?`);
    const drop = [...CIC_IDS2018_ID_COLUMNS, ...(options.drop ?? [])].filter((c) => header.includes(c));
    const categorical = ['Label', 'Protocol', ...(options.categorical ?? [])].filter((c) =>
      header.includes(c),
    );
    const { table, dropped } = await readCsvWithStats(file, {
      delimiter,
      drop,
      categorical,
      // Declared numeric so that a stray text value is reported with its line, never turns a column categorical.
      numeric: header.filter((c) => !categorical.includes(c) && !drop.includes(c)),
      onInvalid,
      maxRows: options.maxRows,
    });
    notes.push(
      `${file}: ${table.rowCount} rows${dropped ? `, ${dropped} dropped (NaN/Infinity/ragged)` : ''}`,
    );
    tables.push(alignTo(tables[0], table, file));
  }
  const table = Table.concat(tables);
  const raw = table.categorical('Label');
  const labels = options.labels === 'attack' ? [...raw] : raw.map((l) => CIC_IDS2018_FAMILIES[l] ?? l);
  return buildTabularDataset({
    name: 'cic-ids2018',
    train: table,
    trainLabels: labels,
    labelColumns: ['Label'],
    preprocess: {},
    normalClasses: ['Benign'],
    notes,
    options,
  });
}

/** Files differ in column order and extra id columns; line them up with the first file's columns. */
function alignTo(first: Table | undefined, table: Table, file: string): Table {
  if (!first) return table;
  const missing = first.columnNames.filter((c) => !table.has(c));
  if (missing.length)
    throw new DataError(`${file} lacks column(s) ${listSome(missing)} that the other files have.`);
  return table.select(first.columnNames);
}
