import { InvalidArgumentError, Rng, TensorData, type Feeds } from '@a3/core';
import type { ParameterCollection, Sequential } from '@a3/nn';
import { bceWithLogits, mse } from '../losses/losses';
import { Trainer, type BuildLoss } from '../trainer/trainer';
import { applyClassWeights, rowCount, splitValidation, toFeeds } from './data';
import { DEFAULT_STEPS_PER_RUN, type EarlyStoppingOptions, type FitOptions } from './options';

/** fit's options checked and defaulted, its data as feeds: everything the epoch loop reads. */
export interface ResolvedFit {
  readonly params: ParameterCollection;
  readonly trainer: Trainer;
  /** Whether fit created the trainer (and so disposes it). */
  readonly ownTrainer: boolean;
  readonly train: Feeds;
  readonly validation: Feeds | undefined;
  /** Training rows. */
  readonly rows: number;
  readonly batchSize: number;
  readonly stepsPerRun: number;
  /** The step budget, when `steps` replaces `epochs`. */
  readonly budget: number | undefined;
  /** Infinity under a step budget. */
  readonly maxEpochs: number;
  readonly earlyStopping: EarlyStoppingOptions | undefined;
  readonly monitor: 'loss' | 'valLoss';
  /** The rows of an epoch in batch order; null: all rows in order. */
  readonly epochOrder: (epoch: number) => Int32Array | null;
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

/** Training and validation feeds: the held-out fraction, class weights, validation weighted 1. */
function resolveData(options: FitOptions, seed: number): { train: Feeds; validation: Feeds | undefined } {
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
  return { train, validation };
}

/** Checks fit's options in a fixed order (the first problem is the one reported) and fills in defaults. */
export function resolveFit(options: FitOptions): ResolvedFit {
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
  const { train, validation } = resolveData(options, seed);
  const rows = rowCount(train);
  if (rows === 0) throw new InvalidArgumentError('fit got no training samples.');
  const es = options.earlyStopping;
  if (es) positiveInt(es.patience, 'earlyStopping.patience');
  const monitor = es?.monitor ?? (validation ? 'valLoss' : 'loss');
  if (monitor === 'valLoss' && !validation)
    throw new InvalidArgumentError("earlyStopping monitors 'valLoss' but no validation data was given.");
  const rng = new Rng(seed);
  const { sampler, shuffle } = options;
  return {
    params,
    trainer,
    ownTrainer: !options.trainer,
    train,
    validation,
    rows,
    batchSize,
    stepsPerRun,
    budget,
    maxEpochs,
    earlyStopping: es,
    monitor,
    epochOrder: (epoch) => {
      if (sampler) return checkedOrder(sampler(epoch, rng, rows), rows);
      return shuffle === false ? null : rng.permutation(rows);
    },
  };
}
