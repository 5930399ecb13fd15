import type { Backend, Rng } from '@a3/core';
import type { ParameterCollection, Sequential } from '@a3/nn';
import type { Optimizer } from '../optimizers/optimizer';
import type { BuildLoss, Trainer } from '../trainer/trainer';
import type { ClassWeights, FitData } from './data';
import type { EpochLogs, ProgressEvent } from './events';

export interface EarlyStoppingOptions {
  /** Epochs without improvement before stopping. */
  patience: number;
  /** Smallest decrease that counts as an improvement (default 0). */
  minDelta?: number;
  /** Put the best epoch's weights back at the end (default true). */
  restoreBest?: boolean;
  /** Default 'valLoss' when there is validation data, else 'loss'. */
  monitor?: 'loss' | 'valLoss';
}

export interface CheckpointOptions {
  /** Called after every epoch with the current weights (already pulled from the backend). */
  onEpoch?: (params: ParameterCollection, epoch: number, logs: EpochLogs) => void | Promise<void>;
  /** Also written atomically to `<dir>/epoch-<E>.safetensors` (and `latest.safetensors`). */
  dir?: string;
}

export interface FitOptions {
  backend: Backend;
  /** Train a Sequential with a built-in `loss`, or give `params` + `buildLoss`. */
  model?: Sequential;
  /** With `model`: 'bce' (on the model's logits) or 'mse' (on its output) against data.y (or x when no y). */
  loss?: 'bce' | 'mse';
  params?: ParameterCollection;
  buildLoss?: BuildLoss;
  /** Default adam(). */
  optimizer?: Optimizer;
  /** Reuse a Trainer (and its compiled graphs and optimiser state) across fits. */
  trainer?: Trainer;
  data: FitData;
  /** Default 1. */
  epochs?: number;
  /**
   * A budget in optimiser steps that replaces `epochs`: epochs run until it is spent, the last
   * one cut short. Small data sets then get as many updates as large ones (an epoch of 300 rows
   * is two steps).
   */
  steps?: number;
  /**
   * The rows of each epoch in the order they are batched (consecutive `batchSize` slices). It may
   * repeat rows (oversampling) or leave some out; `rng` is the fit's seeded generator, so the
   * same seed gives the same batches. Default: a permutation of all `rows` (with `shuffle:
   * false`, all rows in order).
   */
  sampler?: (epoch: number, rng: Rng, rows: number) => Int32Array;
  /** Default 32. The last batch of an epoch may be smaller; it is used, not dropped. */
  batchSize?: number;
  /** Shuffle each epoch (default true). */
  shuffle?: boolean;
  /** Seed of the shuffles and of a validation split (default 0): same seed, same order. */
  seed?: number;
  /** Validation arrays, or a seeded random fraction of `data` held out. */
  validation?: FitData | { fraction: number };
  earlyStopping?: EarlyStoppingOptions;
  classWeights?: ClassWeights;
  onProgress?: (event: ProgressEvent) => void | Promise<void>;
  checkpoint?: CheckpointOptions;
  /** Stop with a NumericError on a non-finite loss, keeping the last finite weights (default true). */
  nanGuard?: boolean;
  /** Which trainable variables to update (default all). */
  trainable?: (name: string) => boolean;
  /**
   * Steps per backend call on backends with fused steps (`capabilities.fusedSteps`, e.g. onnx,
   * which runs them as one ONNX Loop so weights and optimiser state stay inside the runtime);
   * default 16, full batches only; 1 calls the backend once per step. Each step is the same
   * update either way; only a backend's random stream (dropout) may differ between settings.
   */
  stepsPerRun?: number;
}

/**
 * fit's steps per backend call on fused-step backends. On onnx the alarm MLP's step takes
 * ~16 ms in a Loop of 16 vs ~25 ms at one call per step (onnxruntime-node copies every
 * updated weight and Adam moment out to JS on each call); see packages/backend-onnx/README.md.
 */
export const DEFAULT_STEPS_PER_RUN = 16;
