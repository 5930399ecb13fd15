import { NumericError, type Feeds } from '@a3/core';
import type { StepResult, Trainer } from '../trainer/trainer';
import { batchOf, rowCount } from './data';
import type { EpochLogs, FitHistory } from './events';
import type { EpochPlan, FitProgress } from './progress';
import type { ResolvedFit } from './resolve';

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

/** One epoch's rows and steps: all rows, the sampler's list, or what is left of a step budget. */
export function planEpoch(
  fit: ResolvedFit,
  epoch: number,
  order: Int32Array | null,
  stepsDone: number,
): EpochPlan {
  const { budget, batchSize, maxEpochs } = fit;
  let rows = order ? order.length : fit.rows;
  let stepsPerEpoch = Math.ceil(rows / batchSize);
  const epochs =
    budget === undefined ? maxEpochs : epoch - 1 + Math.ceil((budget - stepsDone) / stepsPerEpoch);
  if (budget !== undefined && stepsDone + stepsPerEpoch > budget) {
    stepsPerEpoch = budget - stepsDone;
    rows = stepsPerEpoch * batchSize;
  }
  return { epoch, epochs, rows, stepsPerEpoch };
}

/** Steps counted across the whole fit (a step budget and the ETA read it). */
export interface StepCounter {
  done: number;
}

/**
 * Trains one epoch and returns its batch-size-weighted mean loss and metrics. Full batches are
 * grouped `stepsPerRun` at a time for fused-step backends; the partial last batch runs alone.
 * A non-finite loss under the NaN guard pulls the last finite weights and throws.
 */
export async function runEpoch(
  fit: ResolvedFit,
  plan: EpochPlan,
  order: Int32Array | null,
  steps: StepCounter,
  progress: FitProgress,
  history: FitHistory,
): Promise<{ logs: EpochLogs; seen: number }> {
  const { trainer, train, batchSize, stepsPerRun } = fit;
  const { epoch, rows, stepsPerEpoch } = plan;
  let lossSum = 0;
  let seen = 0;
  const metricSums: Record<string, number> = {};
  for (let step = 0; step < stepsPerEpoch;) {
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
      steps.done++;
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
      if (progress.enabled) {
        await progress.report(
          plan,
          { type: 'step', step, loss: r.loss, metrics: r.metrics },
          seen,
          steps.done,
        );
      }
    }
  }
  const metrics: Record<string, number> = {};
  for (const [m, v] of Object.entries(metricSums)) metrics[m] = v / seen;
  return { logs: { epoch, loss: lossSum / seen, metrics }, seen };
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
