import {
  InvalidArgumentError,
  NumericError,
  Rng,
  TensorData,
  type Backend,
  type Feeds,
  type TensorData as TD,
} from '@a3/core';
import type { ParameterCollection, Sequential } from '@a3/nn';
import { writeCheckpoint } from '../checkpoint/checkpoint';
import { bceWithLogits, mse } from '../losses/losses';
import type { Optimizer } from '../optimizers/optimizer';
import { Trainer, type BuildLoss, type StepResult } from '../trainer/trainer';
import {
  applyClassWeights,
  batchOf,
  rowCount,
  splitValidation,
  toFeeds,
  type ClassWeights,
  type FitData,
} from './data';
import type { EpochLogs, FitHistory, ProgressEvent } from './events';

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

/** The NaN guard's error: carries where it happened and the history so far. */
export class TrainingDivergedError extends NumericError {
  constructor(
    message: string,
    readonly epoch: number,
    readonly step: number,
    readonly history: FitHistory,
  ) {
    super(message);
  }
}

function defaultBuildLoss(model: Sequential, loss: 'bce' | 'mse'): BuildLoss {
  return ({ x, y, training }) => {
    const r = model.apply(x, { training });
    const target = y ?? x;
    return loss === 'bce'
      ? bceWithLogits(r.logits, target, { reduction: 'none' })
      : mse(r.output, target, { reduction: 'none' });
  };
}

function positiveInt(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 1)
    throw new InvalidArgumentError(`${what} must be a positive integer; got ${v}.`);
  return v;
}

const now = () => performance.now() / 1000;

/**
 * fit's steps per backend call on fused-step backends. On onnx the alarm MLP's step takes
 * ~16 ms in a Loop of 16 vs ~25 ms at one call per step (onnxruntime-node copies every
 * updated weight and Adam moment out to JS on each call); see packages/backend-onnx/README.md.
 */
export const DEFAULT_STEPS_PER_RUN = 16;

/**
 * Trains by mini-batches: seeded shuffling per epoch, validation loss per epoch, early
 * stopping with best-weight restore, class weights, checkpoints, progress events and a
 * NaN guard. Backend-agnostic: one compiled graph per input signature serves every batch
 * size. On return, `params` (or `model.params`) hold the trained weights.
 */
export async function fit(options: FitOptions): Promise<FitHistory> {
  const params = options.params ?? options.model?.params;
  if (!params) throw new InvalidArgumentError('fit needs `model` or `params`.');
  let buildLoss = options.buildLoss;
  if (!buildLoss) {
    if (!options.model || !options.loss) {
      throw new InvalidArgumentError("fit needs `buildLoss`, or `model` with `loss: 'bce' | 'mse'`.");
    }
    buildLoss = defaultBuildLoss(options.model, options.loss);
  }
  const budget = options.steps === undefined ? undefined : positiveInt(options.steps, 'steps');
  const maxEpochs = budget === undefined ? positiveInt(options.epochs ?? 1, 'epochs') : Infinity;
  const batchSize = positiveInt(options.batchSize ?? 32, 'batchSize');
  const stepsPerRun = options.backend.capabilities.fusedSteps
    ? positiveInt(options.stepsPerRun ?? DEFAULT_STEPS_PER_RUN, 'stepsPerRun')
    : 1;
  const seed = options.seed ?? 0;
  const trainer =
    options.trainer ??
    new Trainer({
      backend: options.backend,
      params,
      buildLoss,
      optimizer: options.optimizer,
      trainable: options.trainable,
      nanGuard: options.nanGuard,
    });
  const ownTrainer = !options.trainer;

  let train = toFeeds(options.data);
  let validation: Feeds | undefined;
  if (options.validation) {
    if ('fraction' in options.validation) {
      const s = splitValidation(train, options.validation.fraction, seed ^ 0x5eed);
      train = s.train;
      validation = s.validation;
    } else validation = toFeeds(options.validation);
  }
  if (options.classWeights) train = applyClassWeights(train, options.classWeights);
  if (validation && train.sampleWeight && !validation.sampleWeight) {
    // Same inputs as training (so the same executable), weight 1: Keras leaves validation unweighted.
    validation = { ...validation, sampleWeight: TensorData.fill([rowCount(validation)], 1) };
  }
  const n = rowCount(train);
  if (n === 0) throw new InvalidArgumentError('fit got no training samples.');
  const es = options.earlyStopping;
  if (es) positiveInt(es.patience, 'earlyStopping.patience');
  const monitor = es?.monitor ?? (validation ? 'valLoss' : 'loss');
  if (monitor === 'valLoss' && !validation)
    throw new InvalidArgumentError("earlyStopping monitors 'valLoss' but no validation data was given.");

  const history: FitHistory = {
    loss: [],
    valLoss: [],
    metrics: {},
    epochs: 0,
    stoppedEarly: false,
    bestEpoch: 0,
    bestLoss: Infinity,
  };
  const rng = new Rng(seed);
  const epochOrder = (epoch: number): Int32Array | null => {
    if (options.sampler) return checkedOrder(options.sampler(epoch, rng, n), n);
    return options.shuffle === false ? null : rng.permutation(n);
  };
  let stepsDone = 0;
  let best: Record<string, TD> | undefined;
  let wait = 0;
  const start = now();
  try {
    await trainer.prepare(batchOf(train, null, 0, Math.min(batchSize, n)));
    await trainer.pushParams();
    await trainer.resetNanGuard();
    const paramNames = () => params.names().filter((p) => trainer.executable!.graph.variables.has(p));
    for (let epoch = 1; epoch <= maxEpochs && (budget === undefined || stepsDone < budget); epoch++) {
      const order = epochOrder(epoch);
      // Rows this epoch: all of them, the sampler's list, or what is left of a step budget.
      let rows = order ? order.length : n;
      let stepsPerEpoch = Math.ceil(rows / batchSize);
      const epochs =
        budget === undefined ? maxEpochs : epoch - 1 + Math.ceil((budget - stepsDone) / stepsPerEpoch);
      if (budget !== undefined && stepsDone + stepsPerEpoch > budget) {
        stepsPerEpoch = budget - stepsDone;
        rows = stepsPerEpoch * batchSize;
      }
      const epochStart = now();
      let lossSum = 0;
      let seen = 0;
      const metricSums: Record<string, number> = {};
      for (let step = 0; step < stepsPerEpoch;) {
        // Full batches may be grouped for fused backends; the partial last batch runs alone.
        const group: Feeds[] = [];
        const sizes: number[] = [];
        while (group.length < stepsPerRun && step + group.length < stepsPerEpoch) {
          const b0 = (step + group.length) * batchSize;
          const b1 = Math.min(b0 + batchSize, rows);
          if (group.length > 0 && b1 - b0 !== batchSize) break;
          group.push(batchOf(train, order, b0, b1));
          sizes.push(b1 - b0);
        }
        const results: StepResult[] = await trainer.trainSteps(group);
        for (let i = 0; i < results.length; i++) {
          step++;
          stepsDone++;
          const r = results[i];
          if (trainer.nanGuard && !Number.isFinite(r.loss)) {
            await trainer.pullParams();
            throw new TrainingDivergedError(
              `Loss became ${r.loss} at epoch ${epoch} step ${step}; lower the learning rate (optimizer ${trainer.optimizer.name}, ` +
                `lr ${trainer.optimizer.config.lr}), check the data for NaN/Inf values, or scale the inputs. ` +
                'The weights of the last finite step were kept.',
              epoch,
              step,
              history,
            );
          }
          lossSum += r.loss * sizes[i];
          seen += sizes[i];
          for (const [m, v] of Object.entries(r.metrics)) metricSums[m] = (metricSums[m] ?? 0) + v * sizes[i];
          if (options.onProgress) {
            const elapsed = now() - epochStart;
            const rate = seen / Math.max(elapsed, 1e-9);
            const remaining =
              budget === undefined ? rows - seen + (epochs - epoch) * rows : (budget - stepsDone) * batchSize;
            await options.onProgress({
              type: 'step',
              epoch,
              epochs,
              step,
              stepsPerEpoch,
              loss: r.loss,
              metrics: r.metrics,
              samplesPerSec: rate,
              etaSeconds: remaining / rate,
              elapsedSeconds: now() - start,
            });
          }
        }
      }
      const logs: EpochLogs = { epoch, loss: lossSum / seen, metrics: {} };
      for (const [m, v] of Object.entries(metricSums)) logs.metrics[m] = v / seen;
      if (validation) {
        const v = await evaluateBatches(trainer, validation, batchSize);
        logs.valLoss = v.loss;
        for (const [m, x] of Object.entries(v.metrics)) logs.metrics[`val/${m}`] = x;
        history.valLoss.push(v.loss);
      }
      history.loss.push(logs.loss);
      for (const [m, v] of Object.entries(logs.metrics)) (history.metrics[m] ??= []).push(v);
      history.epochs = epoch;

      const monitored = monitor === 'valLoss' ? logs.valLoss! : logs.loss;
      let stop = false;
      if (monitored < history.bestLoss - (es?.minDelta ?? 0) || history.bestEpoch === 0) {
        history.bestLoss = monitored;
        history.bestEpoch = epoch;
        wait = 0;
        if (es && (es.restoreBest ?? true)) best = await trainer.executable!.readVariables(paramNames());
      } else if (es && ++wait >= es.patience) stop = true;

      if (options.onProgress) {
        const elapsed = now() - epochStart;
        const rate = seen / Math.max(elapsed, 1e-9);
        const remaining = budget === undefined ? (epochs - epoch) * rows : (budget - stepsDone) * batchSize;
        await options.onProgress({
          type: 'epoch',
          epoch,
          epochs,
          step: stepsPerEpoch,
          stepsPerEpoch,
          loss: logs.loss,
          valLoss: logs.valLoss,
          metrics: logs.metrics,
          samplesPerSec: rate,
          etaSeconds: remaining / rate,
          elapsedSeconds: now() - start,
        });
      }
      if (options.checkpoint) {
        await trainer.pullParams();
        await options.checkpoint.onEpoch?.(params, epoch, logs);
        if (options.checkpoint.dir) {
          await writeCheckpoint(options.checkpoint.dir, params, epoch);
        }
      }
      if (stop) {
        history.stoppedEarly = true;
        break;
      }
    }
    if (best && history.bestEpoch !== history.epochs) await trainer.executable!.writeVariables(best);
    await trainer.pullParams();
    return history;
  } finally {
    if (ownTrainer) trainer.dispose();
  }
}

/** A sampler's epoch: row indices within [0, rows), at least one. */
function checkedOrder(order: Int32Array, rows: number): Int32Array {
  if (!(order instanceof Int32Array) || order.length === 0) {
    throw new InvalidArgumentError('fit: the sampler must return a non-empty Int32Array of row indices.');
  }
  for (const i of order) {
    if (i < 0 || i >= rows) {
      throw new InvalidArgumentError(`fit: the sampler returned row ${i}, outside [0, ${rows}).`);
    }
  }
  return order;
}

/** Inference-mode loss over all rows, in batches, weighted by batch size. */
export async function evaluateBatches(
  trainer: Trainer,
  feeds: Feeds,
  batchSize: number,
): Promise<StepResult> {
  const n = rowCount(feeds);
  let loss = 0;
  const metrics: Record<string, number> = {};
  for (let b0 = 0; b0 < n; b0 += batchSize) {
    const b1 = Math.min(b0 + batchSize, n);
    const r = await trainer.evaluate(batchOf(feeds, null, b0, b1));
    loss += (r.loss * (b1 - b0)) / n;
    for (const [m, v] of Object.entries(r.metrics)) metrics[m] = (metrics[m] ?? 0) + (v * (b1 - b0)) / n;
  }
  return { loss, metrics };
}
