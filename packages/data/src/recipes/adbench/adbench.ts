import { basename } from 'node:path';
import { DataError, FormatError } from '@a3/core';
import { type NpyArray, npyToNumbers } from '../../npy/npy';
import { readNpz } from '../../npy/npz';
import { listSome } from '../../messages/quote';
import { type Column, Table } from '../../table/table';
import type { LoadedDataset, Recipe, RecipeOptions } from '../recipe';
import { buildTabularDataset, requirePath } from '../tabular-dataset';

export const adbenchRecipe: Recipe = {
  name: 'adbench',
  description:
    'Any ADBench-style .npz with arrays X [n, d] and y [n] (0 normal, 1 anomaly); min-max fitted on train; ' +
    'seeded stratified test hold-out.',
  source:
    'https://github.com/Minqi824/ADBench (datasets/Classical/*.npz, e.g. 6_cardio.npz, 38_thyroid.npz, 32_shuttle.npz).',
  files: 'one .npz file with X and y',
  classes: 'normal (y = 0), anomaly (y = 1)',
  load: loadAdbench,
};

export async function loadAdbench(options: RecipeOptions = {}): Promise<LoadedDataset> {
  const file = requirePath(options, adbenchRecipe);
  const arrays = readNpz(file, { arrays: ['X', 'y'], maxInflatedBytes: options.maxInflatedBytes });
  const x = arrays.get('X');
  const y = arrays.get('y');
  if (!x || !y) {
    throw new FormatError(`${file} has arrays ${listSome([...arrays.keys()])}; ADBench files have X and y.`);
  }
  const table = featureTable(x, file);
  const yv = npyToNumbers(y);
  if (yv.length !== table.rowCount)
    throw new DataError(`${file}: y has ${yv.length} values for ${table.rowCount} rows of X.`);
  const labels = Array.from(yv, (v, i) => {
    if (v === 0) return 'normal';
    if (v === 1) return 'anomaly';
    throw new DataError(`${file}: y[${i}] = ${v}; expected 0 (normal) or 1 (anomaly).`);
  });
  return buildTabularDataset({
    name: `adbench:${basename(file, '.npz')}`,
    train: table,
    trainLabels: labels,
    labelColumns: [],
    preprocess: {},
    normalClasses: ['normal'],
    notes: [`X ${x.dtype} [${x.shape.join(', ')}]`],
    options,
  });
}

/** Columns x0..x{d-1}, so the fitted preprocessor can be saved and applied like any tabular one. */
function featureTable(x: NpyArray, file: string): Table {
  if (x.shape.length !== 2)
    throw new DataError(`${file}: X has shape [${x.shape.join(', ')}]; expected [rows, features].`);
  const [n, d] = x.shape;
  const values = npyToNumbers(x);
  const columns: Column[] = [];
  for (let j = 0; j < d; j++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = values[i * d + j];
    columns.push({ kind: 'numeric', name: `x${j}`, values: col });
  }
  return new Table(columns);
}
