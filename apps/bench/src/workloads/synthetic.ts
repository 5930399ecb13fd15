import { Rng, TensorData } from '@a3/core';

/**
 * Seeded synthetic inputs. Timing does not depend on the values (dense kernels do no
 * sparsity tricks), so uniform [0, 1) data — the range of min-max scaled features, images
 * and post-ReLU taps — stands in for real data; the seed makes every backend see the same.
 */
export function uniformBatch(seed: number, shape: readonly number[]): TensorData<'float32'> {
  return new Rng(seed).uniformTensor(shape, 0, 1);
}

/** [n, 1] labels that depend on the inputs (mean of the first 16 features > 0.5), so training can learn. */
export function labelsFor(x: TensorData<'float32'>): TensorData<'float32'> {
  const n = x.shape[0];
  const width = x.size / Math.max(1, n);
  const k = Math.min(16, width);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += x.data[i * width + j];
    y[i] = s / k > 0.5 ? 1 : 0;
  }
  return TensorData.float32([n, 1], y);
}
