import { ops, Rng, type Tensor } from '@a3/core';

/** Mean and (population) standard deviation of the N(0, 1) reference scores. */
export interface ReferenceStats {
  mean: number;
  std: number;
}

/**
 * DevNet's Gaussian prior on normal scores: `size` seeded N(0, 1) draws, summarised in
 * float64 (the reference code draws 5000 with np.random.normal and uses K.mean / K.std).
 */
export function referenceStats(seed: number, size = 5000): ReferenceStats {
  const rng = new Rng(seed);
  const r = Float64Array.from({ length: size }, () => rng.normal(0, 1));
  const mean = r.reduce((a, b) => a + b, 0) / size;
  const variance = r.reduce((a, v) => a + (v - mean) * (v - mean), 0) / size;
  return { mean, std: Math.sqrt(variance) };
}

/**
 * The deviation loss of Pang, Shen & van den Hengel (KDD 2019), per row [N]:
 *   dev = (φ(x) − μ_R) / σ_R;  loss = (1 − y)·|dev| + y·max(0, a − dev)
 * — unlabelled/normal rows are pulled to the reference mean, known anomalies pushed at
 * least `margin` (a = 5) standard deviations above it. `score` and `y` are [N, 1].
 */
export function deviationLoss(score: Tensor, y: Tensor, ref: ReferenceStats, margin: number): Tensor {
  const dev = ops.div(ops.sub(score, ref.mean), ref.std);
  const inlier = ops.abs(dev);
  const outlier = ops.maximum(ops.sub(margin, dev), 0);
  const perRow = ops.add(ops.mul(ops.sub(1, y), inlier), ops.mul(y, outlier));
  return ops.reshape(perRow, [-1]);
}
