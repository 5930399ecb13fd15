import { InvalidArgumentError } from '@a3/core';
import { Args, type OptionValues } from '@a3/args';
import { datasetSpecFromArgs, loadDataset } from '../dataset/load-dataset';
import type { DatasetSpec } from '../dataset/protocol';
import { isImageRecipe } from '../dataset/recipe-defaults';
import { splitSpecFromArgs } from '../dataset/split';
import { parseNKnown, resolveNKnown, type NKnownRule } from './n-known';
import { knownPoolSize, protocolSplit, type ProtocolSplit, type TestView } from './protocol-split';

/** What to compare on: the data and split flags of `a3 compare`, and optional test views. */
export interface DataRequest {
  /** --dataset, --file / --data-dir, --normal, --known, --n-known, --test-anomalies, ... */
  readonly values: OptionValues;
  /** Several test-anomaly subsets scored from one fit (the quality suite); replaces --test-anomalies. */
  readonly views?: readonly TestView[];
}

/** One seed's split with where it came from. */
export interface PreparedSeed {
  readonly recipe: string;
  /** The loaded data set's name (e.g. adbench:6_cardio). */
  readonly datasetName: string;
  readonly datasetSpec: DatasetSpec;
  readonly nKnownRule: NKnownRule;
  readonly notes: readonly string[];
  readonly split: ProtocolSplit;
}

/** The flags with the views' classes as --test-anomalies, after checking the views. */
function effectiveValues(req: DataRequest): OptionValues {
  if (!req.views) return req.values;
  if (req.views.length === 0) throw new InvalidArgumentError('views: give at least one test view.');
  const names = new Set<string>();
  for (const v of req.views) {
    if (!v.name || names.has(v.name)) {
      throw new InvalidArgumentError(`views: every view needs its own non-empty name; "${v.name}" is not.`);
    }
    if (v.testAnomalies.length === 0)
      throw new InvalidArgumentError(`view "${v.name}" names no test anomalies.`);
    names.add(v.name);
  }
  const union = [...new Set(req.views.flatMap((v) => v.testAnomalies))];
  return { ...req.values, 'test-anomalies': union.join(',') };
}

/**
 * Checks the flags that need no data (recipe, path, --n-known), so a typo fails before any
 * detector is built or any file is read.
 */
export function checkDataRequest(req: DataRequest): void {
  const args = new Args(effectiveValues(req));
  parseNKnown(args.string('n-known'));
  datasetSpecFromArgs(args, 0, true);
}

/**
 * Loads the data set for one seed (its test hold-out, if the data has no test split, depends on
 * the seed) without the recipe's scaling, and splits it the comparison way (protocolSplit).
 * Images are read flattened: the baselines and A³'s dense target take [n, 784].
 */
export async function prepareSeed(req: DataRequest, seed: number): Promise<PreparedSeed> {
  const values = effectiveValues(req);
  const args = new Args(values);
  const recipe = args.requireString('dataset', 'name a dataset recipe (see `a3 datasets`)');
  const nKnownRule = parseNKnown(args.string('n-known'));
  const datasetSpec = datasetSpecFromArgs(args, seed, true);
  const dataset = await loadDataset(datasetSpec, { scaler: 'none' });
  // The classes first (N = 0 passes every check), then N from the known classes' pool.
  const classes = splitSpecFromArgs(new Args({ ...values, 'n-known': '0' }), dataset, recipe, seed);
  const nKnown = resolveNKnown(nKnownRule, knownPoolSize(dataset, classes.known));
  if (nKnown > 0 && classes.known.length === 0) {
    throw new InvalidArgumentError(
      `--n-known ${nKnown} needs the classes to draw them from: add --known ` +
        `(classes: ${Object.keys(dataset.classCounts).join(', ')}).`,
    );
  }
  const split = protocolSplit(
    dataset,
    { ...classes, nKnown },
    { scale: !isImageRecipe(recipe), ...(req.views ? { views: req.views } : {}) },
  );
  return { recipe, datasetName: dataset.name, datasetSpec, nKnownRule, notes: dataset.notes, split };
}
