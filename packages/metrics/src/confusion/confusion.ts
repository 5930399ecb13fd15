import { InvalidArgumentError } from '@a3/core';
import { checkBinaryInput, type Labels, type Scores } from '../input/binary-input';

/** Confusion counts and the rates derived from them when flagging score >= threshold. */
export interface Confusion {
  readonly threshold: number;
  /** Anomalies flagged. */
  readonly tp: number;
  /** Normals flagged (false alarms). */
  readonly fp: number;
  /** Normals not flagged. */
  readonly tn: number;
  /** Anomalies missed. */
  readonly fn: number;
  /** tp / (tp + fp); 0 when nothing is flagged (sklearn's zero_division result). */
  readonly precision: number;
  /** tp / (tp + fn), the true-positive rate; 0 when there are no anomalies. */
  readonly recall: number;
  /** Harmonic mean of precision and recall, 2tp / (2tp + fp + fn); 0 when undefined. */
  readonly f1: number;
  /** fp / (fp + tn), the false-alarm rate; 0 when there are no normals. */
  readonly fpr: number;
}

/**
 * Confusion matrix at one threshold: a sample is flagged as an anomaly when score >= threshold.
 * Matches sklearn's confusion_matrix / precision_score / recall_score / f1_score on
 * `scores >= threshold`, with zero_division giving 0.
 */
export function confusionAt(yTrue: Labels, scores: Scores, threshold: number): Confusion {
  if (typeof threshold !== 'number' || Number.isNaN(threshold)) {
    throw new InvalidArgumentError(
      `confusionAt: threshold must be a number, got ${String(threshold)}. ` +
        'Pick one with thresholdByContamination, thresholdBestF1 or thresholdForFpr.',
    );
  }
  const { labels, scores: s, nPositive, nNegative } = checkBinaryInput(yTrue, scores, 'confusionAt', false);
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] >= threshold) {
      if (labels[i] === 1) tp++;
      else fp++;
    }
  }
  const fn = nPositive - tp;
  const tn = nNegative - fp;
  return {
    threshold,
    tp,
    fp,
    tn,
    fn,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, nPositive),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    fpr: ratio(fp, nNegative),
  };
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}
