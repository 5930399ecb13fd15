import { Rng, TensorData } from '@a3/core';
import type { PhaseConfig } from '../detector/config';
import type { JsonObject } from '../format/manifest';

/**
 * A seeded tabular anomaly problem for tests: features in [0, 1], normal samples from a
 * few tight Gaussian clusters, known anomalies from other clusters, and test anomalies
 * from clusters never seen in training (what A³'s counter-examples must generalise to).
 */
export interface SyntheticProblem {
  train: { x: TensorData<'float32'>; y: Uint8Array };
  test: { x: TensorData<'float32'>; y: Uint8Array };
}

export interface SyntheticOptions {
  seed?: number;
  features?: number;
  normalClusters?: number;
  nNormalTrain?: number;
  nKnown?: number;
  nNormalTest?: number;
  nAnomalyTest?: number;
  std?: number;
}

export function syntheticProblem(options: SyntheticOptions = {}): SyntheticProblem {
  const rng = new Rng(options.seed ?? 1);
  const d = options.features ?? 8;
  const std = options.std ?? 0.04;
  const center = () => Array.from({ length: d }, () => rng.uniform(0.15, 0.85));
  const normal = Array.from({ length: options.normalClusters ?? 3 }, center);
  const known = [center(), center()];
  const unseen = [center(), center()];
  const draw = (centers: number[][], n: number): number[][] =>
    Array.from({ length: n }, (_, i) => centers[i % centers.length].map((c) => clamp(rng.normal(c, std))));
  const build = (parts: [number[][], number][]) => {
    const rows = parts.flatMap(([r]) => r);
    const labels = Uint8Array.from(parts.flatMap(([r, l]) => r.map(() => l)));
    return { x: TensorData.fromRows(rows), y: labels };
  };
  return {
    train: build([
      [draw(normal, options.nNormalTrain ?? 600), 0],
      [draw(known, options.nKnown ?? 20), 1],
    ]),
    test: build([
      [draw(normal, options.nNormalTest ?? 200), 0],
      [draw(unseen, options.nAnomalyTest ?? 100), 1],
    ]),
  };
}

function clamp(v: number): number {
  return Math.min(1, Math.max(0, v));
}

/** Small, fast networks for unit tests (the paper's sizes take minutes on tfjs-cpu). */
export const TINY_CONFIG: {
  targetOptions: JsonObject;
  alarm: { hidden: number[] };
  targetTraining: PhaseConfig;
  alarmTraining: PhaseConfig;
} = {
  targetOptions: { encoder: [32, 16, 8] },
  alarm: { hidden: [64, 32] },
  targetTraining: { epochs: 15, batchSize: 64, learningRate: 3e-3 },
  alarmTraining: { epochs: 30, batchSize: 64, learningRate: 2e-3 },
};
