import { InvalidArgumentError, TensorData, ops, type Backend, type Rng } from '@a3/core';
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
    ...(typeof p.steps === 'number' ? { steps: p.steps } : {}),
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
    ...(config.alarmTraining.knownShare
      ? { sampler: knownShareSampler(y, config.alarmTraining.batchSize, config.alarmTraining.knownShare) }
      : {}),
    ...(validation ? { validation: { x: validation.x, y: labels(validation.y) } } : {}),
    ...(config.alarmTraining.classWeights ? { classWeights: config.alarmTraining.classWeights } : {}),
  });
  return summary(history);
}

/**
 * The alarm's epochs with the known anomalies (y = 1) at `share` of every batch: each epoch
 * passes over the normals once in a seeded order, (1 − share) of a batch at a time, and fills
 * each batch up with known anomalies drawn with replacement — round(share · batchSize) of them
 * (at least one, and at least one normal), in proportion for the last, shorter batch. Returns
 * undefined when there is nothing to oversample (no known anomalies, or no normals).
 */
export function knownShareSampler(
  y: Uint8Array,
  batchSize: number,
  share: number,
): ((epoch: number, rng: Rng) => Int32Array) | undefined {
  const normals: number[] = [];
  const known: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] === 1 ? known : normals).push(i);
  if (known.length === 0 || normals.length === 0 || batchSize < 2 || !(share > 0)) return undefined;
  const k = Math.min(batchSize - 1, Math.max(1, Math.round(share * batchSize)));
  const perBatch = batchSize - k;
  return (_epoch, rng) => {
    const order = rng.permutation(normals.length);
    const batches = Math.ceil(normals.length / perBatch);
    const out = new Int32Array(normals.length + batches * k);
    let o = 0;
    for (let i = 0; i < normals.length; i += perBatch) {
      const take = Math.min(perBatch, normals.length - i);
      for (let j = 0; j < take; j++) out[o++] = normals[order[i + j]];
      const kb = take === perBatch ? k : Math.max(1, Math.round((k * take) / perBatch));
      for (let j = 0; j < kb; j++) out[o++] = known[rng.int(known.length)];
    }
    return out.subarray(0, o);
  };
}
