import { Rng } from '@a3/core';
import { binColumns, fitBinMapper, type BinMapper } from './binning';
import { TreeGrower, type GrownTree } from './grower';
import { baselineLogOdds, gradientHessian, meanLoss } from './loss';

/** scikit-learn's HistGradientBoostingClassifier parameters this port supports. */
export interface BoostingParams {
  learningRate: number;
  maxIter: number;
  maxLeafNodes: number;
  maxDepth: number | null;
  minSamplesLeaf: number;
  l2Regularization: number;
  maxBins: number;
  /** 'auto': on when there are more than AUTO_EARLY_STOPPING_ROWS rows. */
  earlyStopping: 'auto' | boolean;
  validationFraction: number;
  nIterNoChange: number;
  tol: number;
}

/** scikit-learn's early_stopping='auto' threshold. */
export const AUTO_EARLY_STOPPING_ROWS = 10_000;

export interface Boosted {
  /** Raw prediction before the first tree (log-odds). */
  baseline: number;
  trees: GrownTree[];
  mapper: BinMapper;
  earlyStopping: boolean;
  /** −(weighted validation log-loss) before each tree and after it (scikit-learn's validation_score_); empty without early stopping. */
  validationScores: number[];
}

/**
 * Gradient boosting of binary log-loss on histogram trees, as scikit-learn's
 * HistGradientBoostingClassifier(class_weight='balanced').fit for labels y ∈ {0, 1} (both present):
 * balanced class weights n / (2·n_c) as sample weights; with early stopping, a stratified
 * validation part (validationFraction, seeded) held out before binning; bins fitted on the
 * training part; baseline = log-odds of the weighted mean of y; one tree per iteration on the
 * weighted gradients; stop when none of the last nIterNoChange validation scores beats the one
 * before them by more than tol. x is row-major [n, d] float32.
 */
export async function boost(
  x: Float32Array,
  n: number,
  d: number,
  y: Uint8Array,
  params: BoostingParams,
  seed: number,
  onTree?: (trees: number) => void | Promise<void>,
): Promise<Boosted> {
  const rng = new Rng(seed);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i];
  const classWeight = [n / (2 * (n - positives)), n / (2 * positives)];
  const earlyStopping = params.earlyStopping === 'auto' ? n > AUTO_EARLY_STOPPING_ROWS : params.earlyStopping;
  const drawn = earlyStopping ? stratifiedSplit(y, params.validationFraction, rng) : null;
  // A validation part can come out empty only on toy data (two rows); then there is nothing to stop on.
  const split = drawn && drawn.validation.length > 0 ? drawn : null;
  const train = split ? gatherRows(x, d, y, split.train, classWeight) : whole(x, y, classWeight);
  const val = split ? gatherRows(x, d, y, split.validation, classWeight) : null;

  const mapper = fitBinMapper(train.x, train.n, d, train.w, params.maxBins, rng);
  const binned = binColumns(train.x, train.n, d, mapper);
  const binnedVal = val ? binColumns(val.x, val.n, d, mapper) : null;
  const baseline = baselineLogOdds(train.y, train.w);
  const raw = new Float64Array(train.n).fill(baseline);
  const rawVal = val ? new Float64Array(val.n).fill(baseline) : null;
  const validationScores: number[] = [];
  if (val && rawVal) validationScores.push(-meanLoss(val.y, rawVal, val.w));

  const grower = new TreeGrower(binned, train.n, mapper.nBins, {
    maxLeafNodes: params.maxLeafNodes,
    maxDepth: params.maxDepth,
    minSamplesLeaf: params.minSamplesLeaf,
    l2Regularization: params.l2Regularization,
    shrinkage: params.learningRate,
    histogramBins: params.maxBins + 1,
  });
  const gradients = new Float32Array(train.n);
  const hessians = new Float32Array(train.n);
  const trees: GrownTree[] = [];
  for (let it = 0; it < params.maxIter; it++) {
    gradientHessian(train.y, raw, train.w, gradients, hessians);
    const tree = grower.grow(gradients, hessians, raw);
    trees.push(tree);
    await onTree?.(trees.length);
    if (val && rawVal && binnedVal) {
      addBinnedTree(tree, binnedVal, val.n, rawVal);
      validationScores.push(-meanLoss(val.y, rawVal, val.w));
      if (shouldStop(validationScores, params.nIterNoChange, params.tol)) break;
    }
  }
  return { baseline, trees, mapper, earlyStopping: split !== null, validationScores };
}

/** scikit-learn's _should_stop: no score among the last k beats the one before them by > tol. */
export function shouldStop(scores: readonly number[], nIterNoChange: number, tol: number): boolean {
  const reference = nIterNoChange + 1;
  if (scores.length < reference) return false;
  const ref = scores[scores.length - reference] + tol;
  for (let i = scores.length - reference + 1; i < scores.length; i++) if (scores[i] > ref) return false;
  return true;
}

interface Part {
  x: Float32Array;
  y: Uint8Array;
  w: Float64Array;
  n: number;
}

function whole(x: Float32Array, y: Uint8Array, classWeight: number[]): Part {
  return { x, y, w: Float64Array.from(y, (v) => classWeight[v]), n: y.length };
}

function gatherRows(
  x: Float32Array,
  d: number,
  y: Uint8Array,
  rows: Int32Array,
  classWeight: number[],
): Part {
  const out = new Float32Array(rows.length * d);
  const yy = new Uint8Array(rows.length);
  rows.forEach((r, i) => {
    out.set(x.subarray(r * d, (r + 1) * d), i * d);
    yy[i] = y[r];
  });
  return { x: out, y: yy, w: Float64Array.from(yy, (v) => classWeight[v]), n: rows.length };
}

/**
 * A seeded split stratified by label, sized as scikit-learn's train_test_split(stratify=y):
 * ceil(fraction·n) validation rows, the training rows shared among the classes by the largest
 * remainder of their proportional shares. A class with a single row keeps it for training
 * (scikit-learn refuses to stratify it). Both parts keep the rows' original order.
 */
export function stratifiedSplit(
  y: Uint8Array,
  fraction: number,
  rng: Rng,
): { train: Int32Array; validation: Int32Array } {
  const n = y.length;
  const nTest = Math.ceil(fraction * n);
  const nTrain = n - nTest;
  const byClass: number[][] = [[], []];
  for (let i = 0; i < n; i++) byClass[y[i]].push(i);
  const share = byClass.map((c) => (c.length / n) * nTrain);
  const trainCount = share.map(Math.floor);
  let missing = nTrain - trainCount[0] - trainCount[1];
  const order = share[1] - trainCount[1] > share[0] - trainCount[0] ? [1, 0] : [0, 1];
  for (const c of order) {
    if (missing > 0) {
      trainCount[c]++;
      missing--;
    }
  }
  for (const c of [0, 1]) if (byClass[c].length < 2) trainCount[c] = byClass[c].length;
  const train: number[] = [];
  const validation: number[] = [];
  byClass.forEach((rows, c) => {
    for (let i = rows.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    rows.forEach((r, k) => (k < trainCount[c] ? train : validation).push(r));
  });
  const sorted = (a: number[]) => Int32Array.from(a).sort();
  return { train: sorted(train), validation: sorted(validation) };
}

/** Adds a tree's values to the raw predictions of binned rows (column-major [d][n]). */
function addBinnedTree(tree: GrownTree, binned: Uint8Array, n: number, raw: Float64Array): void {
  const { feature, bin, left, right, value } = tree;
  for (let i = 0; i < n; i++) {
    let node = 0;
    let f = feature[0];
    while (f >= 0) {
      node = binned[f * n + i] <= bin[node] ? left[node] : right[node];
      f = feature[node];
    }
    raw[i] += value[node];
  }
}
