import { InvalidArgumentError } from '@a3/core';
import { TabularPreprocessor, type TabularPreprocessorOptions } from '../preprocess/tabular-preprocessor';
import { Rng } from '@a3/core';
import { formatCount, quoteInput } from '../messages/quote';
import { stratifiedSplit } from '../split/stratified';
import type { Table } from '../table/table';
import type { LoadedDataset, Recipe, RecipeOptions } from './recipe';

export interface TabularSource {
  readonly name: string;
  /** Rows with every column, label columns included. */
  readonly train: Table;
  readonly trainLabels: readonly string[];
  readonly test?: Table;
  readonly testLabels?: readonly string[];
  /** Columns that are labels, not features (dropped before preprocessing). */
  readonly labelColumns: readonly string[];
  readonly preprocess: TabularPreprocessorOptions;
  readonly normalClasses: readonly string[];
  readonly notes: string[];
  readonly options: RecipeOptions;
}

/**
 * The common end of every tabular recipe: seeded stratified test hold-out when there is no test
 * file, then preprocessing fitted on the training rows only (no test statistics leak into it).
 */
export function buildTabularDataset(src: TabularSource): LoadedDataset {
  let { train, trainLabels, test, testLabels } = src;
  const notes = [...src.notes];
  if (!test || !testLabels) {
    const fraction = src.options.testFraction ?? 0.2;
    if (!(fraction > 0 && fraction < 1)) {
      throw new InvalidArgumentError(
        `testFraction must be in (0, 1), got ${String(src.options.testFraction)}.`,
      );
    }
    const seed = src.options.seed ?? 0;
    const { held, rest } = stratifiedSplit(trainLabels, fraction, new Rng(seed));
    const all = train;
    const allLabels = trainLabels;
    test = all.take(held);
    testLabels = Array.from(held, (i) => allLabels[i]);
    train = all.take(rest);
    trainLabels = Array.from(rest, (i) => allLabels[i]);
    notes.push(
      `No test split: held out ${held.length} rows (${fraction * 100}%, stratified, seed ${seed}) as test data.`,
    );
  }
  const preprocessor = TabularPreprocessor.fit(train, {
    ...src.preprocess,
    drop: [...src.labelColumns, ...(src.preprocess.drop ?? [])],
    scaler: src.options.scaler ?? src.preprocess.scaler ?? 'minmax',
  });
  notes.push(...identifierWarnings(train, preprocessor));
  return {
    name: src.name,
    train: { x: preprocessor.transform(train), labels: trainLabels },
    test: { x: preprocessor.transform(test), labels: testLabels },
    classCounts: countClasses(trainLabels, testLabels),
    normalClasses: src.normalClasses,
    featureNames: preprocessor.featureNames,
    preprocessor,
    notes,
  };
}

const ID_LIKE_MIN_VALUES = 20;

/** At least 20 distinct values, and more than one for every two rows: an id, not categories. */
export function looksLikeIdentifier(distinct: number, rows: number): boolean {
  return distinct >= ID_LIKE_MIN_VALUES && distinct > rows / 2;
}

/**
 * Warnings for categorical inputs that look like identifiers (session ids, IPs, timestamps):
 * at least 20 distinct training values and more than half as many as there are rows. One-hot
 * turns each into one feature per row — memorising rows, not learning normal behaviour.
 */
function identifierWarnings(train: Table, preprocessor: TabularPreprocessor): string[] {
  const rows = train.rowCount;
  return preprocessor.categoricalColumns.flatMap((name) => {
    const distinct = new Set(train.categorical(name)).size;
    if (!looksLikeIdentifier(distinct, rows)) return [];
    const flag = /^[\w.-]{1,100}$/.test(name) ? name : quoteInput(name);
    return [
      `column ${quoteInput(name)} looks like an identifier: ${formatCount(distinct)} distinct values in ` +
        `${formatCount(rows)} training rows become ${formatCount(distinct)} one-hot features; drop it ` +
        `(drop: [${quoteInput(name)}], a3 --drop ${flag}).`,
    ];
  });
}

export function countClasses(...parts: readonly (readonly string[])[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const labels of parts) for (const c of labels) counts.set(c, (counts.get(c) ?? 0) + 1);
  return Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The path option, or an error that says which files are expected and where to get them. */
export function requirePath(
  options: RecipeOptions,
  recipe: Pick<Recipe, 'name' | 'files' | 'source'>,
): string {
  if (!options.path) {
    throw new InvalidArgumentError(
      `Recipe "${recipe.name}" needs options.path: ${recipe.files}. Get the data from ${recipe.source}`,
    );
  }
  return options.path;
}
