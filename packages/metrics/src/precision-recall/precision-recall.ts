import { checkBinaryInput, type Labels, type Scores } from '../input/binary-input';
import { rankedCounts, type RankedCounts } from '../ranking/ranked-counts';

/** Points of the precision-recall curve, as sklearn's `precision_recall_curve` returns them. */
export interface PrecisionRecallCurve {
  /** precision[i] for score >= thresholds[i]; one longer than thresholds, the last entry is 1. */
  readonly precision: Float64Array;
  /** Recall, non-increasing; one longer than thresholds, the last entry is 0. */
  readonly recall: Float64Array;
  /** Distinct scores, increasing. */
  readonly thresholds: Float64Array;
}

export interface PrecisionRecallCurveOptions {
  /**
   * Keep only the first and last point of each run of equal recall (sklearn's option, default
   * false like sklearn). Lighter to plot; average precision is always computed on the full curve.
   */
  readonly dropIntermediate?: boolean;
}

/** Precision-recall curve, identical to `sklearn.metrics.precision_recall_curve`. */
export function precisionRecallCurve(
  yTrue: Labels,
  scores: Scores,
  options: PrecisionRecallCurveOptions = {},
): PrecisionRecallCurve {
  const counts = rankedCounts(checkBinaryInput(yTrue, scores, 'precisionRecallCurve', true));
  return prFromCounts(counts, options.dropIntermediate ?? false);
}

/**
 * Average precision, identical to `sklearn.metrics.average_precision_score`:
 * AP = Σ (R_n − R_{n−1}) P_n over distinct thresholds, a step integral with no interpolation
 * (unlike the trapezoid area under the PR curve, which is optimistic).
 */
export function averagePrecision(yTrue: Labels, scores: Scores): number {
  const counts = rankedCounts(checkBinaryInput(yTrue, scores, 'averagePrecision', true));
  const { precision, recall } = prFromCounts(counts, false);
  let sum = 0;
  // Recall falls along the arrays, so each term is -(R_n - R_{n-1}) P_n, as sklearn sums it.
  for (let k = 0; k + 1 < recall.length; k++) sum += (recall[k + 1] - recall[k]) * precision[k];
  // sklearn clips the -0.0 that rounding can leave.
  return Math.max(0, -sum);
}

function prFromCounts(counts: RankedCounts, dropIntermediate: boolean): PrecisionRecallCurve {
  const keep = dropIntermediate ? recallRunEnds(counts.tps) : null;
  const m = keep ? keep.length : counts.thresholds.length;
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const thresholds = new Float64Array(m);
  const tpsTotal = counts.tps[counts.tps.length - 1];
  // Counts run from the highest threshold down; sklearn reverses so thresholds increase.
  for (let k = 0; k < m; k++) {
    const i = keep ? keep[k] : k;
    const tp = counts.tps[i];
    const flagged = tp + counts.fps[i];
    const out = m - 1 - k;
    precision[out] = flagged === 0 ? 0 : tp / flagged;
    recall[out] = tp / tpsTotal;
    thresholds[out] = counts.thresholds[i];
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds };
}

/** sklearn's drop_intermediate for PR: both ends, and each point whose tps differs from a neighbour. */
function recallRunEnds(tps: Float64Array): Uint32Array | null {
  const m = tps.length;
  if (m <= 2) return null;
  const keep: number[] = [0];
  for (let i = 1; i < m - 1; i++) {
    if (tps[i] !== tps[i - 1] || tps[i + 1] !== tps[i]) keep.push(i);
  }
  keep.push(m - 1);
  return Uint32Array.from(keep);
}
