import { join } from 'node:path';
import { DataError, IOError } from '@a3/core';
import { readArff } from '../../arff/read-arff';
import { readCsvFirstRecord } from '../../csv/read-header';
import { readCsv } from '../../csv/read-csv';
import { isFile } from '../../io/read-bytes';
import { Table, type Column } from '../../table/table';
import { parseNumericCell } from '../../table/cells';
import { quoteInput } from '../../messages/quote';
import type { LoadedDataset, Recipe, RecipeOptions } from '../recipe';
import { buildTabularDataset, requirePath } from '../tabular-dataset';
import { NSL_KDD_ATTACKS, NSL_KDD_CATEGORICAL, NSL_KDD_FEATURES, NSL_KDD_VOCABULARY } from './schema';

interface NslPart {
  readonly table: Table;
  readonly labels: string[];
  readonly file: string;
  readonly binaryOnly: boolean;
}

export const nslKddRecipe: Recipe = {
  name: 'nsl-kdd',
  description:
    'NSL-KDD network intrusions: 41 features (protocol_type/service/flag one-hot with the published ' +
    'vocabularies → 122 features), min-max fitted on train; classes normal, DoS, Probe, R2L, U2R.',
  source: 'https://www.unb.ca/cic/datasets/nsl.html (Canadian Institute for Cybersecurity; free download).',
  files:
    'a directory with KDDTrain+.txt or KDDTrain+_20Percent.txt and KDDTest+.txt or KDDTest-21.txt ' +
    '(.arff also works, but its labels are only normal/anomaly)',
  classes:
    'normal, DoS, Probe, R2L, U2R (labels: "attack" gives the attack names instead: neptune, smurf, ...)',
  load: loadNslKdd,
};

export async function loadNslKdd(options: RecipeOptions = {}): Promise<LoadedDataset> {
  const dir = requirePath(options, nslKddRecipe);
  const trainFile = findFile(
    dir,
    options.trainFile ? [options.trainFile] : ['KDDTrain+', 'KDDTrain+_20Percent'],
  );
  const testFile = findFile(dir, options.testFile ? [options.testFile] : ['KDDTest+', 'KDDTest-21']);
  const byAttack = options.labels === 'attack';
  const [train, test] = await Promise.all([readPart(trainFile, byAttack), readPart(testFile, byAttack)]);
  const notes = [
    `train: ${trainFile} (${train.table.rowCount} rows)`,
    `test: ${testFile} (${test.table.rowCount} rows)`,
  ];
  for (const p of [train, test]) {
    if (p.binaryOnly)
      notes.push(
        `${p.file} is ARFF: it has only normal/anomaly labels; use the .txt files for attack families.`,
      );
  }
  const vocabulary = options.categories === 'train' ? undefined : NSL_KDD_VOCABULARY;
  return buildTabularDataset({
    name: 'nsl-kdd',
    train: train.table,
    trainLabels: train.labels,
    test: test.table,
    testLabels: test.labels,
    labelColumns: [],
    preprocess: { categorical: NSL_KDD_CATEGORICAL, categories: vocabulary, unknownCategory: 'zeros' },
    normalClasses: ['normal'],
    notes,
    options,
  });
}

function findFile(dir: string, bases: readonly string[]): string {
  const tried: string[] = [];
  for (const base of bases) {
    for (const name of /\.(txt|arff|csv)$/.test(base) ? [base] : [`${base}.txt`, `${base}.arff`]) {
      const file = join(dir, name);
      if (isFile(file)) return file;
      tried.push(name);
    }
  }
  throw new IOError(
    `NSL-KDD: none of ${tried.join(', ')} found in ${dir}. Download NSL-KDD from ` +
      'https://www.unb.ca/cic/datasets/nsl.html and pass the directory with its files.',
  );
}

async function readPart(file: string, byAttack: boolean): Promise<NslPart> {
  if (file.endsWith('.arff')) {
    const table = readArff(file).table;
    // The ARFF files declare land, logged_in, is_host_login, is_guest_login as nominal {'0','1'};
    // the .txt files have them as numbers. Read both the same way so the layouts agree.
    const features = new Table(NSL_KDD_FEATURES.map((name) => asFeature(table.column(name), file)));
    return { table: features, labels: [...table.categorical('class')], file, binaryOnly: true };
  }
  const width = readCsvFirstRecord(file).length;
  const names = [...NSL_KDD_FEATURES, 'attack', 'difficulty'].slice(0, width);
  if (width < 42) {
    throw new DataError(
      `${file} has ${width} columns; NSL-KDD .txt files have 42 or 43 (41 features, attack, difficulty).`,
    );
  }
  const table = await readCsv(file, {
    header: names,
    categorical: [...NSL_KDD_CATEGORICAL, 'attack'],
    numeric: NSL_KDD_FEATURES.filter((n) => !NSL_KDD_CATEGORICAL.includes(n)),
  });
  const attacks = table.categorical('attack');
  const labels = attacks.map((a, i) => {
    const name = a.endsWith('.') ? a.slice(0, -1) : a; // KDD'99-style "normal."
    if (byAttack) return name;
    const family = NSL_KDD_ATTACKS[name];
    if (!family) {
      throw new DataError(
        `${file}: row ${i + 1} has attack ${quoteInput(a)}, which the NSL-KDD family map does not know. ` +
          'Use labels: "attack" to keep attack names.',
      );
    }
    return family;
  });
  return { table: table.select(NSL_KDD_FEATURES), labels, file, binaryOnly: false };
}

function asFeature(column: Column, file: string): Column {
  if (column.kind === 'numeric' || NSL_KDD_CATEGORICAL.includes(column.name)) return column;
  const values = Float64Array.from(column.values, (v) => parseNumericCell(v));
  const bad = values.findIndex((v) => Number.isNaN(v));
  if (bad !== -1)
    throw new DataError(
      `${file}: row ${bad + 1}, column ${quoteInput(column.name)} is ${quoteInput(column.values[bad])}, not a number.`,
    );
  return { kind: 'numeric', name: column.name, values };
}
