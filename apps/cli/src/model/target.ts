import { FormatError, ops, type Tensor } from '@a3/core';
import {
  createTarget,
  readModelDir,
  resolveConfig,
  type A3DetectorConfig,
  type ResolvedConfig,
  type TargetNetwork,
} from '@a3/model';
import { ParameterCollection, seedFor } from '@a3/nn';

/**
 * Parameter-name scope of a saved detector's target ("target/…"), as @a3/model writes it.
 * @a3/model exposes the score graph but not the target's reconstruction, which the baseline
 * needs: the CLI rebuilds the target from the registry and the saved weights.
 */
const TARGET_SCOPE = 'target';

/** The trained target network of a saved model. */
export interface StoredTarget {
  config: ResolvedConfig;
  inputShape: number[];
  target: TargetNetwork;
}

export async function readTarget(dir: string): Promise<StoredTarget> {
  const { manifest, tensors } = await readModelDir(dir);
  const config = resolveConfig(manifest.config as A3DetectorConfig);
  const params = new ParameterCollection(
    Object.entries(tensors).filter(([k]) => k.startsWith(`${TARGET_SCOPE}/`)),
  );
  if (params.size === 0) {
    throw new FormatError(
      `${dir}: the weights file has no "${TARGET_SCOPE}/…" tensors; it is not an A³ detector.`,
    );
  }
  const target = createTarget(config.target, {
    inputShape: manifest.inputShape,
    seed: seedFor(config.seed, TARGET_SCOPE),
    options: config.targetOptions,
    scope: TARGET_SCOPE,
    params,
  });
  return { config, inputShape: [...manifest.inputShape], target };
}

/**
 * The baseline detector: the target autoencoder's mean squared reconstruction error per sample
 * [N] — what a plain autoencoder anomaly detector reports. Null for targets whose output is not
 * a reconstruction of the input (classifiers).
 */
export function reconstructionErrorOf(stored: StoredTarget, x: Tensor): Tensor | null {
  const out = stored.target.apply(x, { training: false, trainable: false }).output;
  if (out.shape.join(',') !== x.shape.join(',')) return null;
  const width = x.shape.slice(1).reduce((a, b) => a * b, 1);
  const diff = ops.reshape(ops.sub(out, x), [-1, width]);
  return ops.mean(ops.square(diff), [1]);
}
