import { InvalidArgumentError } from '@a3/core';

/** Labels and scores after validation: labels are 0 (normal) / 1 (anomaly), scores finite float64. */
export interface BinaryInput {
  readonly labels: Uint8Array;
  readonly scores: Float64Array;
  readonly nPositive: number;
  readonly nNegative: number;
}

/** Scores are any array of numbers: a Float32Array straight from a model, or number[]. */
export type Scores = ArrayLike<number>;
/** Ground truth, one per score: 1 = anomaly (the positive class), 0 = normal. */
export type Labels = ArrayLike<number>;

/**
 * Copies scores to float64 and rejects what no metric can rank. `caller` names the public
 * function so the message points at the call the user wrote, not at this helper.
 */
export function checkScores(scores: Scores, caller: string): Float64Array {
  if (scores === null || typeof scores !== 'object' || typeof scores.length !== 'number') {
    throw new InvalidArgumentError(
      `${caller}: scores must be an array of numbers (number[] or Float32Array), got ${describe(scores)}.`,
    );
  }
  if (scores.length === 0) {
    throw new InvalidArgumentError(`${caller}: scores is empty; pass at least one score.`);
  }
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new InvalidArgumentError(
        `${caller}: scores[${i}] is ${describe(v)}; every score must be a finite number. ` +
          'NaN or Infinity usually means the model diverged or an input row was not preprocessed.',
      );
    }
    out[i] = v;
  }
  return out;
}

/**
 * Validates one 0/1 label per finite score. Ranking metrics (AUC, AP, curves) are undefined with a
 * single class, so they pass `requireBothClasses`; sklearn returns NaN with a warning there, we
 * fail early instead.
 */
export function checkBinaryInput(
  yTrue: Labels,
  scores: Scores,
  caller: string,
  requireBothClasses: boolean,
): BinaryInput {
  if (yTrue === null || typeof yTrue !== 'object' || typeof yTrue.length !== 'number') {
    throw new InvalidArgumentError(
      `${caller}: yTrue must be an array of 0/1 labels (number[] or a typed array), got ${describe(yTrue)}.`,
    );
  }
  const checked = checkScores(scores, caller);
  if (yTrue.length !== checked.length) {
    throw new InvalidArgumentError(
      `${caller}: yTrue has ${yTrue.length} labels but scores has ${checked.length} values; ` +
        'pass exactly one label per score, in the same order.',
    );
  }
  const labels = new Uint8Array(yTrue.length);
  let nPositive = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const y = yTrue[i];
    if (y !== 0 && y !== 1) {
      throw new InvalidArgumentError(
        `${caller}: yTrue[${i}] is ${describe(y)}; labels must be 0 (normal) or 1 (anomaly). ` +
          'Map class names or other codes to 0/1 before calling.',
      );
    }
    labels[i] = y;
    nPositive += y;
  }
  const nNegative = labels.length - nPositive;
  if (requireBothClasses && (nPositive === 0 || nNegative === 0)) {
    const present = nPositive === 0 ? 'only normals (label 0)' : 'only anomalies (label 1)';
    throw new InvalidArgumentError(
      `${caller}: yTrue contains ${present}; the metric is undefined with a single class. ` +
        'Evaluate on a split that holds at least one normal (0) and one anomaly (1).',
    );
  }
  return { labels, scores: checked, nPositive, nNegative };
}

function describe(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : String(value);
}
