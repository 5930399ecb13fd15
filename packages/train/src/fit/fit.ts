import { writeCheckpoint } from '../checkpoint/checkpoint';
import { batchOf } from './data';
import { EarlyStopping } from './early-stopping';
import { evaluateBatches, planEpoch, runEpoch, type StepCounter } from './epoch';
import type { EpochLogs, FitHistory } from './events';
import type { FitOptions } from './options';
import { FitProgress, type EpochPlan } from './progress';
import { resolveFit, type ResolvedFit } from './resolve';

/**
 * Trains by mini-batches: seeded shuffling per epoch, validation loss per epoch, early
 * stopping with best-weight restore, class weights, checkpoints, progress events and a
 * NaN guard. Backend-agnostic: one compiled graph per input signature serves every batch
 * size. On return, `params` (or `model.params`) hold the trained weights.
 */
export async function fit(options: FitOptions): Promise<FitHistory> {
  const resolved = resolveFit(options);
  const { trainer, params, train, rows, batchSize, budget, maxEpochs } = resolved;
  const history: FitHistory = {
    loss: [],
    valLoss: [],
    metrics: {},
    epochs: 0,
    stoppedEarly: false,
    bestEpoch: 0,
    bestLoss: Infinity,
  };
  const stopping = new EarlyStopping(resolved.earlyStopping, resolved.monitor);
  const steps: StepCounter = { done: 0 };
  const progress = new FitProgress(options.onProgress, batchSize, budget);
  try {
    await trainer.prepare(batchOf(train, null, 0, Math.min(batchSize, rows)));
    await trainer.pushParams();
    await trainer.resetNanGuard();
    const paramNames = () => params.names().filter((p) => trainer.executable!.graph.variables.has(p));
    for (let epoch = 1; epoch <= maxEpochs && (budget === undefined || steps.done < budget); epoch++) {
      const order = resolved.epochOrder(epoch);
      const plan = planEpoch(resolved, epoch, order, steps.done);
      progress.beginEpoch();
      const { logs, seen } = await runEpoch(resolved, plan, order, steps, progress, history);
      await validate(resolved, logs, history);
      const stop = await stopping.update(history, logs, () =>
        trainer.executable!.readVariables(paramNames()),
      );
      await progress.report(plan, epochReport(plan, logs), seen, steps.done);
      await checkpoint(options, resolved, logs);
      if (stop) {
        history.stoppedEarly = true;
        break;
      }
    }
    await stopping.restore(history, (best) => trainer.executable!.writeVariables(best));
    await trainer.pullParams();
    return history;
  } finally {
    if (resolved.ownTrainer) trainer.dispose();
  }
}

/** Adds the validation loss and metrics ("val/<name>") to the epoch's logs, and the epoch to history. */
async function validate(fit: ResolvedFit, logs: EpochLogs, history: FitHistory): Promise<void> {
  if (fit.validation) {
    const v = await evaluateBatches(fit.trainer, fit.validation, fit.batchSize);
    logs.valLoss = v.loss;
    for (const [m, x] of Object.entries(v.metrics)) logs.metrics[`val/${m}`] = x;
    history.valLoss.push(v.loss);
  }
  history.loss.push(logs.loss);
  for (const [m, v] of Object.entries(logs.metrics)) (history.metrics[m] ??= []).push(v);
  history.epochs = logs.epoch;
}

function epochReport(plan: EpochPlan, logs: EpochLogs) {
  return {
    type: 'epoch',
    step: plan.stepsPerEpoch,
    loss: logs.loss,
    valLoss: logs.valLoss,
    metrics: logs.metrics,
  } as const;
}

/** Hands the epoch's weights to the checkpoint callback and directory, when asked for. */
async function checkpoint(options: FitOptions, fit: ResolvedFit, logs: EpochLogs): Promise<void> {
  if (!options.checkpoint) return;
  await fit.trainer.pullParams();
  await options.checkpoint.onEpoch?.(fit.params, logs.epoch, logs);
  if (options.checkpoint.dir) await writeCheckpoint(options.checkpoint.dir, fit.params, logs.epoch);
}
