import { InvalidArgumentError, getBackend, type Backend } from '@a3/core';
import { thresholdByContamination } from '@a3/metrics';
import type { LabelInput, SampleInput } from '../detector/inputs';

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
  /** Decision threshold: score >= threshold is an anomaly; null until set or fitted. */
  threshold: number | null;
  /** Fits on samples x and optional labels y (0 normal, 1 known anomaly). */
  fit(data: DetectorFitData, options?: DetectorFitOptions): Promise<this>;
  /** Anomaly scores, higher = more anomalous (one per row of x). */
  score(x: SampleInput): Promise<Float32Array>;
  /** 1 where score >= threshold, else 0. */
  predict(x: SampleInput): Promise<Uint8Array>;
  /** Writes the fitted detector as an a3 model directory (atomically). */
  save(dir: string): Promise<void>;
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

/** The backend instance a fit or load asked for (default: the best available). */
export async function resolveBackend(b: string | Backend | undefined): Promise<Backend> {
  return typeof b === 'object' && b !== null ? b : getBackend(b);
}
