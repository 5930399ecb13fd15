import { InvalidArgumentError } from '@a3/core';
import { checkBinaryInput, checkScores, type Labels, type Scores } from '../input/binary-input';
import { rankedCounts } from '../ranking/ranked-counts';
import { nextUp } from './next-up';
import { linearPercentile } from './percentile';

/**
 * Threshold that flags the top `contamination` share of scores, the way PyOD's detectors set
 * `threshold_`: the (1 − contamination) percentile of the scores (numpy's linear method), with
 * samples strictly above it flagged. Flagging is `score >= threshold` everywhere in a3, so the
 * value returned is the next double above PyOD's percentile: the same samples are flagged, on
 * these scores and on any new ones.
 *
 * @param scores scores of the reference data (typically the training or validation set)
 * @param contamination expected share of anomalies, 0 < contamination < 1 (PyOD's default is 0.1)
 */
export function thresholdByContamination(scores: Scores, contamination: number): number {
  if (
    typeof contamination !== 'number' ||
    !Number.isFinite(contamination) ||
    contamination <= 0 ||
    contamination >= 1
  ) {
    throw new InvalidArgumentError(
      `thresholdByContamination: contamination must be a share of anomalies strictly between ` +
        `0 and 1 (e.g. 0.1 for 10%), got ${String(contamination)}.`,
    );
  }
  const sorted = checkScores(scores, 'thresholdByContamination').sort();
  // Same expression as PyOD, so the float rounding matches: percentile(s, 100 * (1 - c)).
  return nextUp(linearPercentile(sorted, 100 * (1 - contamination)));
}

/**
 * Threshold with the highest F1 on labelled (validation) data, searched over every distinct
 * score. Among equal F1 the highest threshold wins: the same F1 with fewer alarms.
 */
export function thresholdBestF1(yTrue: Labels, scores: Scores): number {
  const counts = rankedCounts(checkBinaryInput(yTrue, scores, 'thresholdBestF1', true));
  let best = 0;
  let bestF1 = -1;
  for (let i = 0; i < counts.thresholds.length; i++) {
    // F1 = 2tp / (2tp + fp + fn) with fn = P − tp. Equal ratios of integers round to the same
    // double, so ties compare exactly.
    const f1 = (2 * counts.tps[i]) / (counts.tps[i] + counts.fps[i] + counts.nPositive);
    if (f1 > bestF1) {
      bestF1 = f1;
      best = i;
    }
  }
  return counts.thresholds[best];
}

/**
 * Lowest threshold whose false-positive rate on labelled data stays <= targetFpr, i.e. the
 * highest recall the false-alarm budget allows. When even the top score is a false alarm beyond
 * the budget, returns the next double above the highest score: nothing here is flagged.
 *
 * @param targetFpr false-alarm budget as a share of normals, 0 <= targetFpr <= 1
 */
export function thresholdForFpr(yTrue: Labels, scores: Scores, targetFpr: number): number {
  if (typeof targetFpr !== 'number' || !Number.isFinite(targetFpr) || targetFpr < 0 || targetFpr > 1) {
    throw new InvalidArgumentError(
      `thresholdForFpr: targetFpr must be a false-positive rate between 0 and 1 ` +
        `(e.g. 0.01 for 1% false alarms), got ${String(targetFpr)}.`,
    );
  }
  const counts = rankedCounts(checkBinaryInput(yTrue, scores, 'thresholdForFpr', true));
  let chosen = -1;
  // The rate is computed as rocCurve reports it (fps / N), so the choice agrees with the curve.
  for (let i = 0; i < counts.thresholds.length; i++) {
    if (counts.fps[i] / counts.nNegative <= targetFpr) chosen = i;
    else break;
  }
  return chosen < 0 ? nextUp(counts.thresholds[0]) : counts.thresholds[chosen];
}
