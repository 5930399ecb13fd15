import { InvalidArgumentError, Rng, type TensorData } from '@a3/core';
import { listSome, quoteInput, semiSupervisedSplit, type LoadedDataset, type SplitPart } from '@a3/data';
import type { Args } from '@a3/args';
import type { SplitSpec } from './protocol';
import { recipeDefaults } from './recipe-defaults';

export interface LabelledPart {
  x: TensorData<'float32'>;
  /** 1 = anomaly, 0 = normal. */
  y: Uint8Array;
  /** Class name of every row. */
  labels: readonly string[];
  counts: Readonly<Record<string, number>>;
}

export interface PreparedSplit {
  train: LabelledPart;
  /** Empty when the validation fraction leaves no rows. */
  validation: LabelledPart;
  test: LabelledPart;
}

/** The paper's validation share (its reference code holds out 5 % of the training pool). */
export const VALIDATION_FRACTION = 0.05;
/** Known anomalies when --n-known is not given: the paper's largest N_known (or all there are). */
export const DEFAULT_N_KNOWN = 100;

/**
 * Split classes from --normal / --known / --n-known / --test-anomalies, filling gaps from the
 * recipe's usual protocol; test anomalies default to every class that is not normal.
 */
export function splitSpecFromArgs(
  args: Args,
  dataset: LoadedDataset,
  recipe: string,
  seed: number,
): SplitSpec {
  const defaults = recipeDefaults(recipe).split;
  const classes = Object.keys(dataset.classCounts);
  const available = listSome(classes, undefined, (c) => `${quoteInput(c)} (${dataset.classCounts[c]})`);
  const normal =
    args.list('normal') ??
    (defaults.normal
      ? [...defaults.normal]
      : dataset.normalClasses.length
        ? [...dataset.normalClasses]
        : undefined);
  if (!normal) {
    throw new InvalidArgumentError(
      `dataset "${recipe}" has no usual normal class: name them with --normal (classes: ${available}).`,
    );
  }
  const isNormal = (c: string) => normal.includes(c);
  const known = args.list('known') ?? (defaults.known ?? []).filter((c) => !isNormal(c));
  const testAnomalies =
    args.list('test-anomalies') ?? (defaults.testAnomalies ?? classes).filter((c) => !isNormal(c));
  if (testAnomalies.length === 0) {
    throw new InvalidArgumentError(
      `every class is normal; name the anomalies to test on with --test-anomalies (classes: ${available}).`,
    );
  }
  const nKnown = args.int('n-known', 0) ?? Math.min(DEFAULT_N_KNOWN, knownPool(dataset, known));
  if (nKnown > 0 && known.length === 0) {
    throw new InvalidArgumentError(
      `--n-known ${nKnown} needs the classes to draw them from: add --known (classes: ${available}).`,
    );
  }
  const maxTrainNormals = args.int('max-train-normals');
  return {
    normal,
    known,
    nKnown,
    testAnomalies,
    seed,
    validationFraction: VALIDATION_FRACTION,
    ...(maxTrainNormals !== undefined ? { maxTrainNormals } : {}),
  };
}

/**
 * Known-class rows left in the training pool after the split's validation hold-out (it holds
 * out round(fraction × count) rows of each class): the most --n-known can be.
 */
function knownPool(dataset: LoadedDataset, known: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const c of dataset.train.labels) counts.set(c, (counts.get(c) ?? 0) + 1);
  return known.reduce((n, c) => {
    const count = counts.get(c) ?? 0;
    return n + count - Math.round(VALIDATION_FRACTION * count);
  }, 0);
}

function take(x: TensorData<'float32'>, part: SplitPart, rows?: readonly number[]): LabelledPart {
  const picked = rows ?? Array.from(part.indices.keys());
  const labels = picked.map((k) => part.labels[k]);
  const counts: Record<string, number> = {};
  for (const c of labels) counts[c] = (counts[c] ?? 0) + 1;
  return {
    x: x.gatherRows(picked.map((k) => part.indices[k])),
    y: Uint8Array.from(picked, (k) => part.y[k]),
    labels,
    counts,
  };
}

/** The seeded A³ split of a loaded data set, with training normals subsampled when asked. */
export function prepareSplit(dataset: LoadedDataset, spec: SplitSpec): PreparedSplit {
  let split;
  try {
    split = semiSupervisedSplit(
      { train: dataset.train.labels, test: dataset.test.labels },
      {
        normal: spec.normal,
        known: spec.known,
        nKnown: spec.nKnown,
        testAnomalies: spec.testAnomalies,
        seed: spec.seed,
        validationFraction: spec.validationFraction,
      },
    );
  } catch (err) {
    // The split speaks in option names (nKnown); the user typed flags.
    if (err instanceof InvalidArgumentError) {
      throw new InvalidArgumentError(err.message.replace(/\bnKnown\b/g, '--n-known'), { cause: err });
    }
    throw err;
  }
  let trainRows: number[] | undefined;
  if (spec.maxTrainNormals !== undefined) {
    const normals: number[] = [];
    const anomalies: number[] = [];
    split.train.y.forEach((v, k) => (v === 0 ? normals : anomalies).push(k));
    if (normals.length > spec.maxTrainNormals) {
      // Its own stream (seed offset) so the subsample does not shift with the split's draws.
      const order = new Rng(spec.seed + 7919).permutation(normals.length);
      const kept = Array.from(order.subarray(0, spec.maxTrainNormals), (i) => normals[i]);
      trainRows = [...kept, ...anomalies].sort((a, b) => a - b);
    }
  }
  return {
    train: take(dataset.train.x, split.train, trainRows),
    validation: take(dataset.train.x, split.validation),
    test: take(split.test.source === 'test' ? dataset.test.x : dataset.train.x, split.test),
  };
}
