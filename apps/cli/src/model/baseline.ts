import { Graph, type Backend, type TensorData } from '@a3/core';
import { readTarget, reconstructionErrorOf } from './target';

export const BASELINE_NAME = 'autoencoder reconstruction error';

/**
 * The simple baseline A³ is compared with: the model's own trained target autoencoder used as an
 * anomaly detector by its reconstruction error (higher = more anomalous). Null when the target
 * is not an autoencoder.
 */
export async function baselineScores(
  modelDir: string,
  x: TensorData<'float32'>,
  backend: Backend,
  batchSize = 1024,
): Promise<Float32Array | null> {
  const nets = await readTarget(modelDir);
  const g = new Graph('a3-baseline');
  const input = g.input('x', [-1, ...nets.inputShape]);
  const error = reconstructionErrorOf(nets, input);
  if (!error) return null;
  g.output('error', error);
  const exec = await backend.compile(g);
  try {
    const n = x.shape[0];
    const out = new Float32Array(n);
    for (let b0 = 0; b0 < n; b0 += batchSize) {
      const b1 = Math.min(n, b0 + batchSize);
      const r = await exec.run({ x: x.sliceRows(b0, b1) }, { outputs: ['error'], updates: false });
      out.set(r.error.data as Float32Array, b0);
    }
    return out;
  } finally {
    exec.dispose();
  }
}
