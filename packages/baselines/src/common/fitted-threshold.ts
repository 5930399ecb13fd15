import { FormatError, TensorData } from '@a3/core';
import { scoresToProba, thresholdAfterFit, type DetectorFitOptions, type SampleInput } from '@a3/model';

/** The smallest and largest training score: what predictProba scales by (PyOD's 'linear'). */
export interface ScoreRange {
  min: number;
  max: number;
}

/** Stands for the training rows, whose scores fit has already computed (they are not scored again). */
const TRAINING_ROWS = TensorData.float32([1, 1]);

/**
 * The threshold a detector sets at the end of fit (thresholdAfterFit: best F1 on labelled
 * validation rows, else the `contamination` quantile of the training scores) and the training
 * score range. `trainScores` are the scores of the rows it learned from, in the sense the
 * detector defines them (LOF: each row left out of its own neighbours).
 */
export async function fittedThreshold(
  trainScores: Float32Array,
  score: (x: SampleInput) => Promise<Float32Array>,
  contamination: number,
  validation: DetectorFitOptions['validation'],
): Promise<{ threshold: number; method: string; range: ScoreRange }> {
  const { threshold, method } = await thresholdAfterFit(
    (x) => (x === TRAINING_ROWS ? Promise.resolve(trainScores) : score(x)),
    TRAINING_ROWS,
    { contamination, ...(validation ? { validation } : {}) },
  );
  let min = Infinity;
  let max = -Infinity;
  for (const s of trainScores) {
    if (s < min) min = s;
    if (s > max) max = s;
  }
  return { threshold, method, range: { min, max } };
}

/** Anomaly probabilities in [0, 1]: scores scaled by the training range and clipped (PyOD's 'linear'). */
export function probabilities(scores: Float32Array, range: ScoreRange): Float32Array {
  return scoresToProba(scores, range);
}

/** Reads a stored score range (a3.json "state.scoreRange": [min, max]). */
export function storedScoreRange(state: unknown, dir: string): ScoreRange {
  const r = (state as { scoreRange?: unknown } | null)?.scoreRange;
  if (
    !Array.isArray(r) ||
    r.length !== 2 ||
    !r.every((v) => typeof v === 'number' && Number.isFinite(v)) ||
    r[0] > r[1]
  ) {
    throw new FormatError(`${dir}: a3.json "state.scoreRange" must be [min, max] of the training scores.`);
  }
  return { min: r[0] as number, max: r[1] as number };
}
