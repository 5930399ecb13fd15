import { FormatError } from '@a3/core';
import { float32AtMost, type BinMapper } from './binning';
import type { GrownTree } from './grower';

/**
 * Fitted boosting trees as flat typed arrays (no per-node objects): tree t's nodes lie in
 * [treeStart[t], treeStart[t + 1]), root first; node indices are global and a node's children
 * come after it. A split node sends a row left when x[feature] <= threshold.
 */
export interface BoostedTrees {
  nFeatures: number;
  treeStart: Int32Array;
  /** Split feature; -1 marks a leaf. */
  feature: Int32Array;
  /** Raw-value threshold (float32, exact for float32 inputs; see float32AtMost). */
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf values (learning rate included); 0 at split nodes. */
  value: Float32Array;
}

/** The grown trees with their bin thresholds turned into raw-value thresholds. */
export function flattenTrees(
  trees: readonly GrownTree[],
  mapper: BinMapper,
  nFeatures: number,
): BoostedTrees {
  const nodes = trees.reduce((s, t) => s + t.nodes, 0);
  const out: BoostedTrees = {
    nFeatures,
    treeStart: new Int32Array(trees.length + 1),
    feature: new Int32Array(nodes),
    threshold: new Float32Array(nodes),
    left: new Int32Array(nodes),
    right: new Int32Array(nodes),
    value: new Float32Array(nodes),
  };
  let at = 0;
  trees.forEach((t, k) => {
    out.treeStart[k] = at;
    for (let i = 0; i < t.nodes; i++) {
      const f = t.feature[i];
      out.feature[at + i] = f;
      out.value[at + i] = t.value[i];
      if (f < 0) {
        out.left[at + i] = -1;
        out.right[at + i] = -1;
      } else {
        // Bin b holds the values <= thresholds[f][b]; scikit-learn's num_threshold.
        out.threshold[at + i] = float32AtMost(mapper.thresholds[f][t.bin[i]]);
        out.left[at + i] = at + t.left[i];
        out.right[at + i] = at + t.right[i];
      }
    }
    at += t.nodes;
  });
  out.treeStart[trees.length] = at;
  return out;
}

/** Rows per block of the scoring loop: a block's rows stay in cache while every tree walks them. */
const BLOCK = 64;

/**
 * The raw decision function baseline + Σ_trees leaf value for each row of x [n, d] (the anomaly
 * log-odds; scikit-learn's decision_function), summed in float64.
 */
export function predictRaw(trees: BoostedTrees, baseline: number, x: Float32Array, n: number): Float32Array {
  const d = trees.nFeatures;
  const { treeStart, feature, threshold, left, right, value } = trees;
  const nTrees = treeStart.length - 1;
  const sums = new Float64Array(BLOCK);
  const out = new Float32Array(n);
  for (let b0 = 0; b0 < n; b0 += BLOCK) {
    const b1 = Math.min(n, b0 + BLOCK);
    sums.fill(baseline);
    for (let t = 0; t < nTrees; t++) {
      const root = treeStart[t];
      for (let r = b0; r < b1; r++) {
        const base = r * d;
        let node = root;
        let f = feature[node];
        while (f >= 0) {
          node = x[base + f] <= threshold[node] ? left[node] : right[node];
          f = feature[node];
        }
        sums[r - b0] += value[node];
      }
    }
    for (let r = b0; r < b1; r++) out[r] = sums[r - b0];
  }
  return out;
}

/**
 * Checks that stored trees can be walked: the trees tile the node arrays in order, every split's
 * feature is a column of the data and both its children lie after it inside the same tree (so
 * every walk ends, in bounds).
 */
export function checkTrees(trees: BoostedTrees, dir: string): void {
  const { treeStart, feature, left, right, nFeatures } = trees;
  const nTrees = treeStart.length - 1;
  if (treeStart[0] !== 0 || treeStart[nTrees] !== feature.length) {
    throw new FormatError(`${dir}: the trees do not cover the ${feature.length} stored nodes.`);
  }
  for (let t = 0; t < nTrees; t++) {
    const start = treeStart[t];
    const end = treeStart[t + 1];
    if (!(start < end))
      throw new FormatError(`${dir}: tree ${t} has an invalid node range [${start}, ${end}).`);
    for (let i = start; i < end; i++) {
      const f = feature[i];
      if (f === -1) continue;
      const bad =
        f < 0 || f >= nFeatures || !(left[i] > i && left[i] < end && right[i] > i && right[i] < end);
      if (bad) {
        throw new FormatError(
          `${dir}: node ${i} of tree ${t} is corrupt (feature ${f}, children ${left[i]} and ${right[i]}).`,
        );
      }
    }
  }
}
