import { Rng } from '@a3/core';

/** scikit-learn's FEATURE_THRESHOLD: a feature whose range in a node is within it is constant there. */
const FEATURE_THRESHOLD = 1e-7;
const EULER_GAMMA = 0.5772156649015329;

/**
 * c(n), the average path length of an unsuccessful binary-search-tree search among n points:
 * what a leaf holding n training samples adds to a path (Liu et al. 2008; scikit-learn's
 * `_average_path_length`: 0 for n ≤ 1, 1 for n = 2, else 2·(ln(n − 1) + γ) − 2·(n − 1)/n).
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/**
 * A fitted isolation forest as flat typed arrays (no per-node objects): every tree's nodes lie in
 * one range of the arrays, root first; a split node's children are `left[i]` and `left[i] + 1`.
 */
export interface Forest {
  nFeatures: number;
  /** Samples each tree was grown on (scikit-learn's max_samples_). */
  maxSamples: number;
  /** Tree t's nodes are [treeStart[t], treeStart[t + 1]). */
  treeStart: Int32Array;
  /** Split feature per node; -1 marks a leaf. */
  feature: Int32Array;
  /** Rows with x[feature] <= threshold go left (float32, as the data it is compared with). */
  threshold: Float32Array;
  /** The left child of a split node (the right one is left + 1); -1 at leaves. */
  left: Int32Array;
  /** Training samples that reached each node (scikit-learn's n_node_samples). */
  size: Int32Array;
}

export interface GrowOptions {
  nTrees: number;
  maxSamples: number;
  seed: number;
}

/** One node waiting to be grown: its sample range in the index array and its depth. */
interface Pending {
  node: number;
  start: number;
  end: number;
  depth: number;
}

/**
 * Grows `nTrees` isolation trees on the rows of x [n, d] with scikit-learn's semantics: each
 * tree on `maxSamples` rows drawn without replacement, depth limit ceil(log2(maxSamples)), at
 * each node a feature drawn uniformly among those not constant in the node and a threshold
 * uniform in [min, max) of that feature there; a node with one sample, no non-constant feature
 * or at the depth limit is a leaf.
 */
export function growForest(x: Float32Array, n: number, d: number, options: GrowOptions): Forest {
  const { nTrees, maxSamples, seed } = options;
  const maxDepth = Math.ceil(Math.log2(Math.max(maxSamples, 2)));
  const rng = new Rng(seed);
  const perTree = 2 * maxSamples - 1; // a binary tree with at most maxSamples leaves
  const feature = new Int32Array(nTrees * perTree);
  const threshold = new Float32Array(nTrees * perTree);
  const left = new Int32Array(nTrees * perTree);
  const size = new Int32Array(nTrees * perTree);
  const treeStart = new Int32Array(nTrees + 1);
  // Kept a permutation across trees: a partial Fisher–Yates of any permutation draws a uniform subset.
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  const feats = new Int32Array(d);
  for (let f = 0; f < d; f++) feats[f] = f;
  const idx = new Int32Array(maxSamples);
  let next = 0;
  for (let t = 0; t < nTrees; t++) {
    treeStart[t] = next;
    for (let i = 0; i < maxSamples; i++) {
      const j = i + rng.int(n - i);
      const r = rows[j];
      rows[j] = rows[i];
      rows[i] = r;
      idx[i] = r;
    }
    const stack: Pending[] = [{ node: next++, start: 0, end: maxSamples, depth: 0 }];
    while (stack.length > 0) {
      const { node, start, end, depth } = stack.pop()!;
      size[node] = end - start;
      feature[node] = -1;
      left[node] = -1;
      if (depth >= maxDepth || end - start <= 1) continue;
      const split = drawSplit(x, d, idx, start, end, feats, rng);
      if (split === null) continue;
      // Partition idx[start, end): x <= threshold first.
      let i = start;
      let j = end - 1;
      while (i <= j) {
        if (x[idx[i] * d + split.feature] <= split.threshold) i++;
        else {
          const tmp = idx[i];
          idx[i] = idx[j];
          idx[j] = tmp;
          j--;
        }
      }
      feature[node] = split.feature;
      threshold[node] = split.threshold;
      left[node] = next;
      const l = next;
      next += 2;
      stack.push({ node: l + 1, start: i, end, depth: depth + 1 });
      stack.push({ node: l, start, end: i, depth: depth + 1 });
    }
  }
  treeStart[nTrees] = next;
  return {
    nFeatures: d,
    maxSamples,
    treeStart,
    feature: feature.slice(0, next),
    threshold: threshold.slice(0, next),
    left: left.slice(0, next),
    size: size.slice(0, next),
  };
}

/**
 * Draws features without replacement until one is not constant over idx[start, end), then a
 * threshold uniform in [min, max) of it, rounded to float32 (the data's precision) so that fitting
 * and scoring compare the same numbers. Null when every feature is constant: the node is a leaf.
 */
function drawSplit(
  x: Float32Array,
  d: number,
  idx: Int32Array,
  start: number,
  end: number,
  feats: Int32Array,
  rng: Rng,
): { feature: number; threshold: number } | null {
  for (let k = 0; k < d; k++) {
    const j = k + rng.int(d - k);
    const f = feats[j];
    feats[j] = feats[k];
    feats[k] = f;
    let min = Infinity;
    let max = -Infinity;
    for (let s = start; s < end; s++) {
      const v = x[idx[s] * d + f];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (max <= min + FEATURE_THRESHOLD) continue;
    let threshold = Math.fround(min + (max - min) * rng.next());
    // scikit-learn's guard: a threshold equal to the maximum would leave the right side empty.
    if (threshold >= max) threshold = min;
    return { feature: f, threshold };
  }
  return null;
}

/**
 * What a sample ending in each leaf adds to its path length: the leaf's depth plus c(its size)
 * (scikit-learn: nodes on the decision path − 1 + c(n_node_samples)). 0 at split nodes.
 */
export function leafPathLengths(forest: Forest): Float64Array {
  const out = new Float64Array(forest.feature.length);
  const depth = new Int32Array(forest.feature.length);
  const nTrees = forest.treeStart.length - 1;
  for (let t = 0; t < nTrees; t++) {
    // Children always come after their parent, so one pass in node order sees every parent first.
    for (let i = forest.treeStart[t]; i < forest.treeStart[t + 1]; i++) {
      if (forest.feature[i] < 0) out[i] = depth[i] + averagePathLength(forest.size[i]);
      else {
        depth[forest.left[i]] = depth[i] + 1;
        depth[forest.left[i] + 1] = depth[i] + 1;
      }
    }
  }
  return out;
}

/** Rows per block of the scoring loop: a block's rows stay in L1 while every tree walks them. */
const BLOCK = 64;

/**
 * Anomaly scores 2^(−E[h(x)] / c(maxSamples)) of the rows of x [n, d]: E[h] is the mean path
 * length over the trees (scikit-learn's `-score_samples`; higher = more anomalous, in (0, 1]).
 */
export function scoreForest(
  forest: Forest,
  leafValue: Float64Array,
  x: Float32Array,
  n: number,
): Float32Array {
  const d = forest.nFeatures;
  const { treeStart, feature, threshold, left } = forest;
  const nTrees = treeStart.length - 1;
  const depths = new Float64Array(BLOCK);
  const out = new Float32Array(n);
  const denominator = nTrees * averagePathLength(forest.maxSamples);
  for (let b0 = 0; b0 < n; b0 += BLOCK) {
    const b1 = Math.min(n, b0 + BLOCK);
    depths.fill(0);
    for (let t = 0; t < nTrees; t++) {
      const root = treeStart[t];
      for (let r = b0; r < b1; r++) {
        const base = r * d;
        let node = root;
        let f = feature[node];
        while (f >= 0) {
          node = left[node] + (x[base + f] > threshold[node] ? 1 : 0);
          f = feature[node];
        }
        depths[r - b0] += leafValue[node];
      }
    }
    for (let r = b0; r < b1; r++) {
      // scikit-learn gives 0.5 when c(max_samples) = 0 (max_samples = 1): no path is informative.
      out[r] = denominator > 0 ? Math.pow(2, -depths[r - b0] / denominator) : 0.5;
    }
  }
  return out;
}
