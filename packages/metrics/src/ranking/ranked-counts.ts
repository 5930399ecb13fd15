import type { BinaryInput } from '../input/binary-input';

/**
 * True- and false-positive counts when flagging every score >= each distinct score, from the
 * highest score down: sklearn's `confusion_matrix_at_thresholds`. All ties share one threshold,
 * which is what makes AUC and AP independent of the order of tied samples.
 */
export interface RankedCounts {
  /** Distinct scores, descending. */
  readonly thresholds: Float64Array;
  /** tps[i] = anomalies with score >= thresholds[i]; counts are exact integers. */
  readonly tps: Float64Array;
  /** fps[i] = normals with score >= thresholds[i]. */
  readonly fps: Float64Array;
  readonly nPositive: number;
  readonly nNegative: number;
}

export function rankedCounts(input: BinaryInput): RankedCounts {
  const { labels, scores } = input;
  const n = scores.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => scores[b] - scores[a]);

  const thresholds = new Float64Array(n);
  const tps = new Float64Array(n);
  const fps = new Float64Array(n);
  let m = 0;
  let tp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    tp += labels[i];
    // Close a threshold at the last sample of each run of equal scores.
    if (k === n - 1 || scores[order[k + 1]] !== scores[i]) {
      thresholds[m] = scores[i];
      tps[m] = tp;
      fps[m] = k + 1 - tp;
      m++;
    }
  }
  return {
    thresholds: thresholds.slice(0, m),
    tps: tps.slice(0, m),
    fps: fps.slice(0, m),
    nPositive: input.nPositive,
    nNegative: input.nNegative,
  };
}
