import type { Backend, TensorData } from '@a3/core';
import { autoencoderOfA3Model } from '@a3/baselines';

export const BASELINE_NAME = 'autoencoder reconstruction error';

/**
 * The simple baseline A³ is compared with: the model's own trained target autoencoder used as an
 * anomaly detector by its reconstruction error (higher = more anomalous) — @a3/baselines' `ae`
 * detector built from the saved model, with the input scaling the model applies. Null when the
 * target is not an autoencoder.
 */
export async function baselineScores(
  modelDir: string,
  x: TensorData<'float32'>,
  backend: Backend,
  batchSize = 1024,
): Promise<Float32Array | null> {
  const ae = await autoencoderOfA3Model(modelDir, { backend, scoreBatchSize: batchSize });
  if (!ae) return null;
  try {
    return await ae.score(x);
  } finally {
    ae.dispose();
  }
}
