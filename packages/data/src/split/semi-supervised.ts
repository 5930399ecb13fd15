import { InvalidArgumentError, TensorData } from '@a3/core';
import { Rng } from '@a3/core';
import { listSome } from '../messages/quote';
import { sampleWithoutReplacement } from '../random/shuffle';
import { ClassIndex } from './class-index';
import { stratifiedHoldout } from './stratified';

export interface SemiSupervisedSplitOptions {
  /** Classes that are normal (y = 0) everywhere. */
  readonly normal: readonly string[];
  /** Anomaly classes of which a few labelled rows are known at training time. */
  readonly known: readonly string[];
  /** How many known-anomaly rows (in total, over all known classes) the training set gets. */
  readonly nKnown: number;
  /** Anomaly classes of the test set (may include known classes, e.g. "test on all attacks"). */
  readonly testAnomalies: readonly string[];
  readonly seed: number;
  /** Fraction of the training pool held out (stratified by class) for validation. Default 0.05, as in
   *  the A³ reference code; 0 gives an empty validation set. */
  readonly validationFraction?: number;
  /** Fraction held out (stratified) as the test pool when the data set has no test split. Default 0.2. */
  readonly testFraction?: number;
  /** Cap on known-anomaly rows in validation. Default: all of the validation pool's, as in the reference code. */
  readonly validationKnown?: number;
}

export interface SplitPart {
  /** Row indices into the source data (the training data, or the test data for `source: 'test'`), ascending. */
  readonly indices: Int32Array;
  /** 1 for anomalies, 0 for normal rows. */
  readonly y: Uint8Array;
  /** Class name of each row. */
  readonly labels: readonly string[];
  readonly source: 'train' | 'test';
  /** Rows per class name. */
  readonly counts: Readonly<Record<string, number>>;
}

export interface SemiSupervisedSplit {
  readonly train: SplitPart;
  readonly validation: SplitPart;
  readonly test: SplitPart;
}

export type SplitLabels =
  readonly string[] | { readonly train: readonly string[]; readonly test: readonly string[] };

/**
 * The A³ paper protocol as a seeded split. Training: every normal row of the training pool plus
 * `nKnown` rows drawn uniformly from the known-anomaly classes. Validation: a stratified
 * `validationFraction` of the training pool, normal and known classes only. Test: normal and
 * test-anomaly rows of the test data — or, when only one labelled set is given, of a stratified
 * `testFraction` hold-out taken first. Same labels + options → same split.
 */
export function semiSupervisedSplit(
  labels: SplitLabels,
  options: SemiSupervisedSplitOptions,
): SemiSupervisedSplit {
  const o = validateOptions(options);
  const rng = new Rng(o.seed);
  const trainLabels = isArrayLabels(labels) ? labels : labels.train;
  const testLabels = isArrayLabels(labels) ? null : labels.test;

  let pool: ArrayLike<number> | undefined;
  let testPool: ArrayLike<number> | undefined;
  if (!testLabels) {
    if (o.testFraction === 0) {
      throw new InvalidArgumentError(
        'Without test labels the test set is a hold-out: testFraction must be > 0.',
      );
    }
    const [held, rest] = stratifiedHoldout(new ClassIndex(trainLabels), o.testFraction, rng);
    testPool = held;
    pool = rest;
  }
  const whole = new ClassIndex(trainLabels, pool);
  const where = testLabels ? 'training' : 'training (after the test hold-out)';
  whole.requireClasses(o.normal, 'normal', where);
  whole.requireClasses(o.known, 'known-anomaly', where);
  const testIndex = new ClassIndex(testLabels ?? trainLabels, testPool);
  testIndex.requireClasses(o.normal, 'normal', testLabels ? 'test' : 'held-out test');
  testIndex.requireClasses(o.testAnomalies, 'test-anomaly', testLabels ? 'test' : 'held-out test');

  const used = new ClassIndex(trainLabels, whole.rowsOf([...o.normal, ...o.known]));
  const [valRows, trainRows] = stratifiedHoldout(used, o.validationFraction, rng);
  const trainIdx = new ClassIndex(trainLabels, trainRows);
  const valIdx = new ClassIndex(trainLabels, valRows);

  const knownPool = trainIdx.rowsOf(o.known);
  if (o.nKnown > knownPool.length) {
    throw new InvalidArgumentError(
      `nKnown = ${o.nKnown}, but the training pool has only ${knownPool.length} rows of the known classes ` +
        `${listSome(o.known)}${o.validationFraction ? ' after the validation hold-out' : ''}. Lower nKnown.`,
    );
  }
  const knownRows = sampleWithoutReplacement(knownPool, o.nKnown, rng);
  const valKnownPool = valIdx.rowsOf(o.known);
  const valKnown =
    o.validationKnown === undefined || o.validationKnown >= valKnownPool.length
      ? valKnownPool
      : sampleWithoutReplacement(valKnownPool, o.validationKnown, rng);

  const anomalousTrain = new Set(o.known);
  const anomalousTest = new Set(o.testAnomalies);
  return {
    train: part([...trainIdx.rowsOf(o.normal), ...knownRows], trainLabels, anomalousTrain, 'train'),
    validation: part([...valIdx.rowsOf(o.normal), ...valKnown], trainLabels, anomalousTrain, 'train'),
    test: part(
      testIndex.rowsOf([...o.normal, ...o.testAnomalies]),
      testLabels ?? trainLabels,
      anomalousTest,
      testLabels ? 'test' : 'train',
    ),
  };
}

export interface SplitTensors {
  readonly x: TensorData;
  /** 0/1 labels as float32 [rows], ready for a BCE loss. */
  readonly y: TensorData<'float32'>;
  readonly labels: readonly string[];
}

/** Gathers the rows of each split part from the training (and test) tensors. */
export function applySplit(
  split: SemiSupervisedSplit,
  data: { readonly train: TensorData; readonly test?: TensorData },
): { train: SplitTensors; validation: SplitTensors; test: SplitTensors } {
  const take = (p: SplitPart): SplitTensors => {
    const source = p.source === 'test' ? data.test : data.train;
    if (!source)
      throw new InvalidArgumentError('This split draws its test rows from test data; pass data.test.');
    return {
      x: source.gatherRows(p.indices),
      y: new TensorData([p.y.length], 'float32', Float32Array.from(p.y)),
      labels: p.labels,
    };
  };
  return { train: take(split.train), validation: take(split.validation), test: take(split.test) };
}

function part(
  rows: number[],
  labels: readonly string[],
  anomalous: ReadonlySet<string>,
  source: 'train' | 'test',
): SplitPart {
  rows.sort((a, b) => a - b);
  const indices = Int32Array.from(rows);
  const partLabels = rows.map((i) => labels[i]);
  const y = Uint8Array.from(partLabels, (c) => (anomalous.has(c) ? 1 : 0));
  const counts: Record<string, number> = {};
  for (const c of partLabels) counts[c] = (counts[c] ?? 0) + 1;
  return { indices, y, labels: partLabels, source, counts };
}

function isArrayLabels(labels: SplitLabels): labels is readonly string[] {
  return Array.isArray(labels);
}

interface Validated {
  normal: readonly string[];
  known: readonly string[];
  nKnown: number;
  testAnomalies: readonly string[];
  seed: number;
  validationFraction: number;
  testFraction: number;
  validationKnown: number | undefined;
}

function validateOptions(o: SemiSupervisedSplitOptions): Validated {
  const fraction = (name: string, v: number | undefined, dflt: number): number => {
    const x = v ?? dflt;
    if (!(x >= 0 && x < 1)) throw new InvalidArgumentError(`${name} must be in [0, 1), got ${String(v)}.`);
    return x;
  };
  if (!o.normal?.length) throw new InvalidArgumentError('Name at least one normal class (options.normal).');
  if (!o.testAnomalies?.length)
    throw new InvalidArgumentError('Name at least one test-anomaly class (options.testAnomalies).');
  if (!Number.isInteger(o.nKnown) || o.nKnown < 0) {
    throw new InvalidArgumentError(`nKnown must be an integer ≥ 0, got ${String(o.nKnown)}.`);
  }
  const known = o.known ?? [];
  if (o.nKnown > 0 && !known.length)
    throw new InvalidArgumentError(`nKnown = ${o.nKnown} needs at least one known class.`);
  const normal = new Set(o.normal);
  const clash = [...known, ...o.testAnomalies].filter((c) => normal.has(c));
  if (clash.length) {
    throw new InvalidArgumentError(`Class(es) ${listSome(clash)} cannot be both normal and anomalous.`);
  }
  if (!Number.isInteger(o.seed))
    throw new InvalidArgumentError(`seed must be an integer, got ${String(o.seed)}.`);
  if (o.validationKnown !== undefined && !(Number.isInteger(o.validationKnown) && o.validationKnown >= 0)) {
    throw new InvalidArgumentError(
      `validationKnown must be an integer ≥ 0, got ${String(o.validationKnown)}.`,
    );
  }
  return {
    normal: o.normal,
    known,
    nKnown: o.nKnown,
    testAnomalies: o.testAnomalies,
    seed: o.seed,
    validationFraction: fraction('validationFraction', o.validationFraction, 0.05),
    testFraction: fraction('testFraction', o.testFraction, 0.2),
    validationKnown: o.validationKnown,
  };
}
