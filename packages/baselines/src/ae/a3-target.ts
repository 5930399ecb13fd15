import { FormatError, type Backend } from '@a3/core';
import { createTarget, readModelDir, resolveBackend, type JsonObject } from '@a3/model';
import { ParameterCollection, seedFor } from '@a3/nn';
import { AutoencoderDetector } from './autoencoder';
import { MinMax } from './min-max';
import { isReconstruction } from './reconstruction';

/** Parameter scope of an A³ model's target in its weights file ("target/…"), as @a3/model writes it. */
const TARGET_SCOPE = 'target';

/**
 * The autoencoder baseline of a saved A³ model: its own trained target, with the input scaling
 * the model applies before it (if any), as an `ae` detector — what `a3 evaluate` and the
 * report put beside A³. Null when the target is not an autoencoder (a classifier). The result
 * has no threshold (A³'s threshold is for alarm scores); set one to predict().
 */
export async function autoencoderOfA3Model(
  dir: string,
  options: { backend?: string | Backend; scoreBatchSize?: number } = {},
): Promise<AutoencoderDetector | null> {
  const { manifest, tensors } = await readModelDir(dir);
  const config = manifest.config as JsonObject;
  const target = config.target ?? 'dense-ae';
  const targetOptions = config.targetOptions ?? {};
  const seed = config.seed ?? 0;
  if (
    typeof target !== 'string' ||
    typeof seed !== 'number' ||
    typeof targetOptions !== 'object' ||
    Array.isArray(targetOptions)
  ) {
    throw new FormatError(`${dir}: a3.json's config has an invalid target, targetOptions or seed.`);
  }
  const params = new ParameterCollection(
    Object.entries(tensors).filter(([name]) => name.startsWith(`${TARGET_SCOPE}/`)),
  );
  if (params.size === 0) {
    throw new FormatError(
      `${dir}: the weights file has no "${TARGET_SCOPE}/…" tensors; it is not an A³ model.`,
    );
  }
  const network = createTarget(target, {
    inputShape: manifest.inputShape,
    seed: seedFor(seed, TARGET_SCOPE),
    options: targetOptions as JsonObject,
    scope: TARGET_SCOPE,
    params,
  });
  if (!isReconstruction(network, manifest.inputShape)) return null;
  // Models that own their scaling (a3.json "inputScaler") feed the target scaled rows.
  const stored = (manifest as unknown as { inputScaler?: unknown }).inputScaler ?? null;
  const width = manifest.inputShape.reduce((a, b) => a * b, 1);
  return AutoencoderDetector.fromTrained({
    target: network,
    inputShape: manifest.inputShape,
    scaler: stored === null ? null : MinMax.fromJSON(stored, width, dir),
    backend: await resolveBackend(options.backend),
    options: {
      target,
      targetOptions: targetOptions as JsonObject,
      seed,
      preprocessing: stored === null ? 'none' : 'min-max',
      ...(options.scoreBatchSize ? { scoreBatchSize: options.scoreBatchSize } : {}),
    },
  });
}
