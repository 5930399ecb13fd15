import { InvalidArgumentError } from '@a3/core';

/**
 * Upper bounds on every size a config or a model file can ask for. A hand-edited a3.json must
 * fail with a message that names the field, not allocate gigabytes or crash with a RangeError:
 * each bound is far above what A³ uses (the paper's largest network has ~1.5 M weights) and far
 * below what breaks a JavaScript process (a typed array holds at most 2^32 elements here).
 */
export const MODEL_LIMITS = {
  /** Units of one layer (Dense units, conv filters, classes). */
  maxLayerWidth: 2 ** 20,
  /** Layers in one list option (encoder, hidden, ...). */
  maxLayers: 64,
  /** Weights of one detector (1 GiB of float32); fit refuses larger architectures up front. */
  maxParameters: 2 ** 28,
  /** Values in one sample (e.g. 4096 × 4096 pixels). */
  maxSampleSize: 2 ** 24,
  /** Axes of one sample or tensor. */
  maxRank: 8,
  /** Epochs of one training phase. */
  maxEpochs: 1_000_000,
  /** Rows per batch (training, scoring). */
  maxBatchSize: 2 ** 24,
  /** Bytes of a3.json (its config, taps and JSON slots; the numbers live in the weights file). */
  maxManifestBytes: 64 * 1024 * 1024,
  /** Bytes of the weights file beyond its tensors (the safetensors length prefix and header). */
  maxWeightsHeaderBytes: 16 * 1024 * 1024,
} as const;

/** An integer option in [1, max], with a message naming the field and the limit. */
export function boundedCount(v: unknown, what: string, max: number, owner = 'A3Detector'): number {
  if (!Number.isInteger(v) || (v as number) < 1) {
    throw new InvalidArgumentError(
      `${owner}: ${what} must be a positive integer; got ${JSON.stringify(v)?.slice(0, 100)}.`,
    );
  }
  if ((v as number) > max) {
    throw new InvalidArgumentError(`${owner}: ${what} is ${String(v)}, above the limit of ${max}.`);
  }
  return v as number;
}
