import type { A3FitCache } from '../detector/fit-cache';
import { InvalidArgumentError, getBackend, type Backend } from '@a3/core';
import { thresholdBestF1, thresholdByContamination } from '@a3/metrics';
import { checkLabels, type LabelInput, type SampleInput } from '../detector/inputs';
import type { SaveOptions } from '../format/model-dir';

/** Training data of any detector: samples and optional 0/1 labels (1 = known anomaly). */
export interface DetectorFitData {
  x: SampleInput;
  /** 0 = normal, 1 = known anomaly; default all 0 (no known anomalies). */
  y?: LabelInput;
}

/** One progress report of a detector's fit (phase names are the detector's own). */
export interface DetectorProgress {
  phase: string;
  /** 0..1 where the detector can tell, else undefined. */
  fraction?: number;
  message?: string;
}

export interface DetectorFitOptions {
  /** Backend name ('onnx', 'tfjs-cpu', ...) or instance; default the best available. */
  backend?: string | Backend;
  /** Overrides the detector's seed for this fit. */
  seed?: number;
  onProgress?: (event: DetectorProgress) => void | Promise<void>;
  /**
   * Held-out rows; with labels of both kinds (some known anomalies) the threshold set after fit
   * is the best F1 on them instead of the contamination quantile (see thresholdAfterFit).
   */
  validation?: { x: SampleInput; y?: LabelInput };
  /** Trained networks shared between fits on the same data (A3Detector uses it; see A3FitCache). */
  fitCache?: A3FitCache;
}

/**
 * What every anomaly detector in a3 is — A3Detector and each baseline of @a3/baselines alike —
 * so `a3 compare` and the quality runner can speak to all of them the same way
 * (scikit-learn / PyOD style: fit, score, predict with a stored threshold, save, load).
 */
export interface Detector {
  /** The registry name this detector is created and loaded by ('a3', 'iforest', ...). */
  readonly kind: string;
  readonly fitted: boolean;
  /** Decision threshold: score >= threshold is an anomaly; set by fit (thresholdAfterFit), null before. */
  threshold: number | null;
  /** Fits on samples x and optional labels y (0 normal, 1 known anomaly). */
  fit(data: DetectorFitData, options?: DetectorFitOptions): Promise<this>;
  /** Anomaly scores, higher = more anomalous (one per row of x). */
  score(x: SampleInput): Promise<Float32Array>;
  /** 1 where score >= threshold, else 0. */
  predict(x: SampleInput): Promise<Uint8Array>;
  /** PyOD's name for score(): the raw anomaly score, higher = more anomalous. */
  decisionFunction?(x: SampleInput): Promise<Float32Array>;
  /**
   * Anomaly probability in [0, 1] per row (PyOD's predict_proba outlier column). Detectors whose
   * scores are unbounded map them with scoresToProba.
   */
  predictProba?(x: SampleInput): Promise<Float32Array>;
  /**
   * Writes the fitted detector as an a3 model directory (atomically). An existing model there is
   * replaced only with `{ force: true }`; files a3 did not write are never touched.
   */
  save(dir: string, options?: SaveOptions): Promise<void>;
  /** Releases backend resources; the detector may recompile on the next score(). */
  dispose(): void;
}

/**
 * PyOD's default contamination: after fit, a detector without known anomalies to calibrate on
 * flags this share of its training rows, so predict() works without an extra call.
 */
export const DEFAULT_CONTAMINATION = 0.1;

/** 1 where score >= threshold; a clear error when no threshold is set. */
export function applyThreshold(scores: Float32Array, threshold: number | null, kind: string): Uint8Array {
  if (threshold === null) {
    throw new InvalidArgumentError(
      `predict() of the ${kind} detector needs a threshold: fit it first or set detector.threshold.`,
    );
  }
  return Uint8Array.from(scores, (v) => (v >= threshold ? 1 : 0));
}

/** The threshold that flags `contamination` of the given (training) scores. */
export function contaminationThreshold(scores: Float32Array, contamination = DEFAULT_CONTAMINATION): number {
  return thresholdByContamination(scores, contamination);
}

/** A threshold chosen after fit, and how (for training summaries and reports). */
export interface FittedThreshold {
  threshold: number;
  method: string;
}

/**
 * The threshold every detector sets at the end of fit, so predict() works at once (PyOD's
 * `threshold_`): the best F1 on the validation rows when they are labelled with both normals
 * and known anomalies, else the score that flags `contamination` of the training rows.
 */
export async function thresholdAfterFit(
  score: (x: SampleInput) => Promise<Float32Array>,
  trainX: SampleInput,
  options: { contamination?: number; validation?: { x: SampleInput; y?: LabelInput } } = {},
): Promise<FittedThreshold> {
  const v = options.validation;
  if (v?.y !== undefined) {
    const scores = await score(v.x);
    const y = checkLabels(v.y, scores.length, 'validation.y');
    const known = y.reduce((n, l) => n + l, 0);
    if (known > 0 && known < y.length) {
      return {
        threshold: thresholdBestF1(y, scores),
        method: `best F1 on validation (${y.length} rows, ${known} known anomalies)`,
      };
    }
  }
  const c = options.contamination ?? DEFAULT_CONTAMINATION;
  return {
    threshold: contaminationThreshold(await score(trainX), c),
    method: `contamination ${c}: flags ${+(c * 100).toFixed(6)}% of the training rows`,
  };
}

/**
 * Scores mapped to [0, 1] for predictProba, as PyOD's 'linear' method: (s − lo) / (hi − lo)
 * with lo, hi the smallest and largest training score, clipped. Detectors whose scores are
 * already probabilities (A³'s sigmoid output) return them unchanged instead.
 */
export function scoresToProba(scores: Float32Array, training: { min: number; max: number }): Float32Array {
  const { min, max } = training;
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) {
    throw new InvalidArgumentError(
      `scoresToProba: the training score range must be finite with min ≤ max; got [${min}, ${max}].`,
    );
  }
  const spread = max - min;
  return scores.map((s) => (spread === 0 ? (s > max ? 1 : 0) : Math.min(1, Math.max(0, (s - min) / spread))));
}

/** The backend instance a fit or load asked for (default: the best available). */
export async function resolveBackend(b: string | Backend | undefined): Promise<Backend> {
  return typeof b === 'object' && b !== null ? b : getBackend(b);
}
