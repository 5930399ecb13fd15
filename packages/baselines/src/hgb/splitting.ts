import type { HistogramLayout } from './histogram';

/** scikit-learn's TreeGrower default: a child needs at least this much hessian. */
export const MIN_HESSIAN_TO_SPLIT = 1e-3;

/** The constraints a split must satisfy (scikit-learn's Splitter parameters). */
export interface SplitRules {
  minSamplesLeaf: number;
  l2Regularization: number;
}

/** The best split of a node; gain -1 when none satisfies the rules. */
export interface SplitInfo {
  gain: number;
  feature: number;
  bin: number;
  sumGradientLeft: number;
  sumHessianLeft: number;
  sumGradientRight: number;
  sumHessianRight: number;
  countLeft: number;
  countRight: number;
  valueLeft: number;
  valueRight: number;
}

/** A node's Newton step −G / (H + λ) (scikit-learn's compute_node_value, no monotonic bounds). */
export function nodeValue(sumGradient: number, sumHessian: number, l2: number): number {
  return -sumGradient / (sumHessian + l2 + 1e-15);
}

/**
 * The best split of a node from its histogram, as scikit-learn's `find_node_split` without
 * missing values: each feature's bins are scanned left to right (bin <= b goes left; the last bin
 * never goes left), skipping candidates with fewer than minSamplesLeaf rows or less than
 * MIN_HESSIAN_TO_SPLIT hessian on a side; gain = G·v − G_L·v_L − G_R·v_R with v the node's own
 * value (0 at the root) — the XGBoost gain without its ½. The first feature with the largest gain
 * wins; a gain must be > 0.
 */
export function findNodeSplit(
  hist: Float64Array,
  layout: HistogramLayout,
  count: number,
  sumGradients: number,
  sumHessians: number,
  value: number,
  rules: SplitRules,
): SplitInfo {
  const { minSamplesLeaf, l2Regularization: l2 } = rules;
  const { offset, splittable, nBins } = layout;
  const lossCurrent = sumGradients * value;
  let bestGain = -1;
  let bestFeature = 0;
  let bestBin = 0;
  let bestG = 0;
  let bestH = 0;
  let bestN = 0;
  for (let s = 0; s < splittable.length; s++) {
    const f = splittable[s];
    const o = 3 * offset[f];
    const end = nBins[f] - 1;
    let gL = 0;
    let hL = 0;
    let nL = 0;
    for (let b = 0; b < end; b++) {
      const k = o + 3 * b;
      nL += hist[k + 2];
      const nR = count - nL;
      hL += hist[k + 1];
      const hR = sumHessians - hL;
      gL += hist[k];
      const gR = sumGradients - gL;
      if (nL < minSamplesLeaf) continue;
      if (nR < minSamplesLeaf) break;
      if (hL < MIN_HESSIAN_TO_SPLIT) continue;
      if (hR < MIN_HESSIAN_TO_SPLIT) break;
      const gain = lossCurrent - gL * nodeValue(gL, hL, l2) - gR * nodeValue(gR, hR, l2);
      // Strictly greater: within a feature the first bin, across features the first feature.
      if (gain > bestGain && gain > 0) {
        bestGain = gain;
        bestFeature = f;
        bestBin = b;
        bestG = gL;
        bestH = hL;
        bestN = nL;
      }
    }
  }
  const gR = sumGradients - bestG;
  const hR = sumHessians - bestH;
  return {
    gain: bestGain,
    feature: bestFeature,
    bin: bestBin,
    sumGradientLeft: bestG,
    sumHessianLeft: bestH,
    sumGradientRight: gR,
    sumHessianRight: hR,
    countLeft: bestN,
    countRight: count - bestN,
    valueLeft: nodeValue(bestG, bestH, l2),
    valueRight: nodeValue(gR, hR, l2),
  };
}
