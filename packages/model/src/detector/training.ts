import { InvalidArgumentError, TensorData, ops, type Backend } from '@a3/core';
import { seedFor } from '@a3/nn';
import {
  adam,
  bceWithLogits,
  fit,
  type FitData,
  type FitHistory,
  type LossResult,
  type ProgressEvent,
} from '@a3/train';
import type { AnomalyTrainer } from '../anomaly/anomaly';
import type { JsonObject } from '../format/manifest';
import type { PhaseConfig, ResolvedConfig } from './config';
import { a3Logit, type Networks } from './networks';

/** The three training phases, in order. */
export type A3Phase = 'target' | 'anomaly' | 'alarm';

/** A training progress event of `@a3/train`, tagged with the phase it belongs to. */
export type A3ProgressEvent = ProgressEvent & { phase: A3Phase };

export interface TrainingRun {
  backend: Backend;
  config: ResolvedConfig;
  nets: Networks;
  onProgress?: (event: A3ProgressEvent) => void | Promise<void>;
}

function summary(h: FitHistory): JsonObject {
  return {
    epochs: h.epochs,
    finalLoss: h.loss[h.loss.length - 1] ?? null,
    finalValLoss: h.valLoss[h.valLoss.length - 1] ?? null,
    stoppedEarly: h.stoppedEarly,
    bestEpoch: h.bestEpoch,
  };
}

function phaseOptions(run: TrainingRun, phase: A3Phase, p: PhaseConfig) {
  return {
    backend: run.backend,
    epochs: p.epochs,
    batchSize: p.batchSize,
    optimizer: adam({ lr: p.learningRate }),
    seed: seedFor(run.config.seed, `shuffle/${phase}`),
    stepsPerRun: run.config.stepsPerRun,
    earlyStopping: p.earlyStopping ? { ...p.earlyStopping, restoreBest: true } : undefined,
    onProgress: run.onProgress ? (e: ProgressEvent) => run.onProgress!({ ...e, phase }) : undefined,
  };
}

/** Phase 1: the target learns the normal samples (reconstruction, or classes for classifiers). */
export async function trainTarget(
  run: TrainingRun,
  normal: TensorData<'float32'>,
  classes: TensorData<'float32'> | undefined,
  validation: TensorData<'float32'> | undefined,
): Promise<JsonObject> {
  const { target } = run.nets;
  const data: FitData = { x: normal, ...(classes ? { extra: { labels: classes } } : {}) };
  const history = await fit({
    ...phaseOptions(run, 'target', run.config.targetTraining),
    params: target.params,
    buildLoss: ({ x, inputs, training }) =>
      target.loss(target.apply(x, { training, trainable: true }), x, inputs.labels),
    data,
    // Classifier targets have labels only for the training rows: validate reconstruction targets only.
    ...(validation && !classes ? { validation: { x: validation } } : {}),
  });
  return summary(history);
}

/** Phase 2 (VAE only): the anomaly network learns the normal samples. */
export function anomalyTrainer(run: TrainingRun): AnomalyTrainer {
  return {
    async train(spec) {
      const history = await fit({
        ...phaseOptions(run, 'anomaly', spec),
        params: spec.params,
        buildLoss: ({ x }) => spec.loss(x),
        data: { x: spec.data },
      });
      return summary(history);
    },
  };
}

/**
 * Phase 3: the alarm learns, through the frozen target's taps, to give the labelled
 * samples their labels (normal 0, known anomaly 1) and the anomaly network's
 * counter-examples the label 1:
 *   loss = BCE(A(T(x)), y) + anomalyLossWeight · mean BCE(A(T(G(x))), 1).
 */
export async function trainAlarm(
  run: TrainingRun,
  x: TensorData<'float32'>,
  y: Uint8Array,
  validation: { x: TensorData<'float32'>; y: Uint8Array } | undefined,
): Promise<JsonObject> {
  const { nets, config } = run;
  const weight = config.anomalyLossWeight;
  const labels = (v: Uint8Array) => TensorData.float32([v.length, 1], v);
  const history = await fit({
    ...phaseOptions(run, 'alarm', config.alarmTraining),
    params: nets.alarm.params,
    trainable: (name) => name.startsWith('alarm/'),
    buildLoss: ({ x: xs, y: ys, sampleWeight, training }): LossResult => {
      if (!ys) throw new InvalidArgumentError('alarm training needs labels');
      const logit = a3Logit(nets, config, xs, training);
      const supervised = bceWithLogits(logit, ys, sampleWeight ? { weights: sampleWeight } : {});
      const fake = weight > 0 ? nets.anomaly.generate(xs) : null;
      if (!fake) return { loss: supervised, metrics: { labelled: supervised } };
      const fakeLogit = a3Logit(nets, config, fake, training);
      const counter = bceWithLogits(fakeLogit, ops.fillLike(fakeLogit, 1));
      return {
        loss: ops.add(supervised, ops.mul(counter, weight)),
        metrics: { labelled: supervised, counterExamples: counter },
      };
    },
    data: { x, y: labels(y) },
    ...(validation ? { validation: { x: validation.x, y: labels(validation.y) } } : {}),
    ...(config.alarmTraining.classWeights ? { classWeights: config.alarmTraining.classWeights } : {}),
  });
  return summary(history);
}
