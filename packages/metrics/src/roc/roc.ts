import { checkBinaryInput, type Labels, type Scores } from '../input/binary-input';
import { rankedCounts, type RankedCounts } from '../ranking/ranked-counts';

/** Points of the ROC curve, as sklearn's `roc_curve` returns them. */
export interface RocCurve {
  /** False-positive rate, non-decreasing from 0 to 1. */
  readonly fpr: Float64Array;
  /** True-positive rate (recall), non-decreasing from 0 to 1. */
  readonly tpr: Float64Array;
  /** thresholds[i]: flag score >= thresholds[i] to get (fpr[i], tpr[i]); thresholds[0] is +Infinity. */
  readonly thresholds: Float64Array;
}

export interface RocCurveOptions {
  /**
   * Drop points that lie on a straight line between their neighbours (sklearn's default, true).
   * They never change the area and are invisible on a plot.
   */
  readonly dropIntermediate?: boolean;
}

/** ROC curve of anomaly scores against 0/1 labels, identical to `sklearn.metrics.roc_curve`. */
export function rocCurve(yTrue: Labels, scores: Scores, options: RocCurveOptions = {}): RocCurve {
  const counts = rankedCounts(checkBinaryInput(yTrue, scores, 'rocCurve', true));
  return rocFromCounts(counts, options.dropIntermediate ?? true);
}

/**
 * Area under the ROC curve, identical to `sklearn.metrics.roc_auc_score` for binary labels:
 * the trapezoid rule over `rocCurve`, so tied scores count as half-right.
 */
export function rocAuc(yTrue: Labels, scores: Scores): number {
  const counts = rankedCounts(checkBinaryInput(yTrue, scores, 'rocAuc', true));
  // sklearn integrates the dropped curve; dropped points are collinear, so the area is the same.
  const { fpr, tpr } = rocFromCounts(counts, true);
  let area = 0;
  // Same term order as numpy's trapezoid: dx * (y0 + y1) / 2.
  for (let k = 0; k + 1 < fpr.length; k++) {
    area += ((fpr[k + 1] - fpr[k]) * (tpr[k + 1] + tpr[k])) / 2;
  }
  return area;
}

function rocFromCounts(counts: RankedCounts, dropIntermediate: boolean): RocCurve {
  const keep = dropIntermediate ? cornerIndices(counts.fps, counts.tps) : null;
  const m = keep ? keep.length : counts.thresholds.length;
  const fpr = new Float64Array(m + 1);
  const tpr = new Float64Array(m + 1);
  const thresholds = new Float64Array(m + 1);
  // An extra point at +Infinity (nothing flagged) so the curve starts at (0, 0).
  thresholds[0] = Infinity;
  const fpsTotal = counts.fps[counts.fps.length - 1];
  const tpsTotal = counts.tps[counts.tps.length - 1];
  for (let k = 0; k < m; k++) {
    const i = keep ? keep[k] : k;
    fpr[k + 1] = counts.fps[i] / fpsTotal;
    tpr[k + 1] = counts.tps[i] / tpsTotal;
    thresholds[k + 1] = counts.thresholds[i];
  }
  return { fpr, tpr, thresholds };
}

/**
 * Indices sklearn keeps with drop_intermediate: both ends, and every point where the second
 * difference of fps or tps is non-zero (a corner). Counts are integers, so the test is exact.
 */
function cornerIndices(fps: Float64Array, tps: Float64Array): Uint32Array | null {
  const m = fps.length;
  if (m <= 2) return null;
  const keep: number[] = [0];
  for (let i = 1; i < m - 1; i++) {
    const fCorner = fps[i + 1] - 2 * fps[i] + fps[i - 1] !== 0;
    const tCorner = tps[i + 1] - 2 * tps[i] + tps[i - 1] !== 0;
    if (fCorner || tCorner) keep.push(i);
  }
  keep.push(m - 1);
  return Uint32Array.from(keep);
}
