import { ops, Rng, type Backend, type Tensor, type TensorData } from '@a3/core';
import type { JsonObject } from '@a3/model';
import { seedFor, type ParameterCollection, type Sequential } from '@a3/nn';
import { adam } from '@a3/train';
import { forwardRows } from '../neural/forward';
import { mlp } from '../neural/mlp';
import { NeuralDetector, type NeuralFitContext, type NeuralModel } from '../neural/neural-detector';
import {
  OptionReader,
  phaseSteps,
  RUN_OPTION_NAMES,
  type NeuralRunConfig,
  type PhaseBudget,
} from '../neural/options';
import { epochBatches, labelColumn, trainSteps } from '../neural/steps';
import { centreDistance, hypersphereCentre, sadLoss } from './sad-loss';

/** Deep SAD's options; defaults follow the reference code's ODDS setup (lukasruff/Deep-SAD-PyTorch). */
export interface DeepSadConfig extends NeuralRunConfig {
  /** Hidden widths of the encoder; null: [32, 16], or [128, 64] above 100 features. */
  hidden: number[] | null;
  /** Representation size; null: 8 (4 below 8 features, 32 above 100). */
  rep: number | null;
  /** Weight η of the labelled anomalies' term (1). */
  eta: number;
  /** ε in (‖φ(x) − c‖² + ε)⁻¹ (1e-6). */
  eps: number;
  /** Centre coordinates closer to 0 than this are pushed to ±it (0.1). */
  centreEps: number;
  /** Negative slope of the leaky ReLUs (PyTorch's 0.01). */
  alpha: number;
  /**
   * Pretrain the encoder as an autoencoder first (the reference does). Off by default: on the
   * six ADBench development sets it lowered AUC-ROC (26_optdigits, mean of seeds 0–2: 0.53
   * with, 0.995 without; cardio 0.80 vs 0.97; see the README).
   */
  pretrain: boolean;
  aeEpochs: number;
  aeMaxSteps: number;
  aeLearningRate: number;
  epochs: number;
  maxSteps: number;
  learningRate: number;
  batchSize: number;
}

export const DEEPSAD_DEFAULTS: Omit<DeepSadConfig, keyof NeuralRunConfig> = {
  hidden: null,
  rep: null,
  eta: 1,
  eps: 1e-6,
  centreEps: 0.1,
  alpha: 0.01,
  pretrain: false,
  aeEpochs: 150,
  aeMaxSteps: 5000,
  aeLearningRate: 1e-4,
  epochs: 150,
  maxSteps: 5000,
  learningRate: 1e-4,
  batchSize: 128,
};

export function resolveDeepSadConfig(options?: unknown): DeepSadConfig {
  const r = new OptionReader('deepsad', options, [...Object.keys(DEEPSAD_DEFAULTS), ...RUN_OPTION_NAMES]);
  const d = DEEPSAD_DEFAULTS;
  return {
    hidden: r.units('hidden', d.hidden),
    rep: r.intOrNull('rep', d.rep),
    eta: r.num('eta', d.eta, { min: 0, aboveMin: true }),
    eps: r.num('eps', d.eps, { min: 0, aboveMin: true }),
    centreEps: r.num('centreEps', d.centreEps, { min: 0 }),
    alpha: r.num('alpha', d.alpha, { min: 0, max: 1 }),
    pretrain: r.bool('pretrain', d.pretrain),
    aeEpochs: r.int('aeEpochs', d.aeEpochs),
    aeMaxSteps: r.int('aeMaxSteps', d.aeMaxSteps),
    aeLearningRate: r.num('aeLearningRate', d.aeLearningRate, { min: 0, aboveMin: true }),
    epochs: r.int('epochs', d.epochs),
    maxSteps: r.int('maxSteps', d.maxSteps),
    learningRate: r.num('learningRate', d.learningRate, { min: 0, aboveMin: true }),
    batchSize: r.int('batchSize', d.batchSize),
    ...r.run(),
  };
}

/** The reference code's tabular nets by input width (arrhythmia 274 → [128, 64]/32, cardio 21 → [32, 16]/8, thyroid 6 → [32, 16]/4). */
export function deepSadArchitecture(config: DeepSadConfig, width: number): { hidden: number[]; rep: number } {
  const wide = width > 100;
  return {
    hidden: config.hidden ?? (wide ? [128, 64] : [32, 16]),
    rep: config.rep ?? (wide ? 32 : width < 8 ? 4 : 8),
  };
}

const CENTRE = 'deepsad/centre';

class DeepSadModel implements NeuralModel {
  readonly encoder: Sequential;
  readonly rep: number;
  extra: Record<string, TensorData> = {};

  constructor(
    readonly config: DeepSadConfig,
    readonly width: number,
  ) {
    const arch = deepSadArchitecture(config, width);
    this.rep = arch.rep;
    this.encoder = mlp(
      {
        name: 'deepsad/encoder',
        hidden: arch.hidden,
        output: arch.rep,
        activation: 'leaky-relu',
        alpha: config.alpha,
        useBias: false,
      },
      config.seed,
      width,
    );
  }

  get params(): ParameterCollection {
    return this.encoder.params;
  }

  extraShapes(): Record<string, number[]> {
    return { [CENTRE]: [this.rep] };
  }

  /** ‖φ(x) − c‖². */
  score(x: Tensor): Tensor {
    const phi = this.encoder.apply(x, { training: false, trainable: false }).output;
    return centreDistance(phi, x.graph.constant(this.extra[CENTRE]));
  }
}

/**
 * Deep SAD (Ruff et al., "Deep Semi-Supervised Anomaly Detection", ICLR 2020): a bias-free
 * MLP encoder φ (leaky ReLU; widths from the reference code's tabular nets), optionally
 * (`pretrain: true`, the reference's choice) first trained as an autoencoder with a mirrored
 * bias-free decoder and a sigmoid output; the centre c is the mean of φ over the training rows (coordinates within 0.1 of 0 pushed
 * to ±0.1); then φ minimises ‖φ(x) − c‖² on unlabelled/normal rows and η·(‖φ(x) − c‖² + ε)⁻¹
 * on labelled anomalies (η = 1). Score = ‖φ(x) − c‖². With no known anomalies it is Deep SVDD.
 * Adam, lr 1e-4, batches of 128, 150 epochs (capped at maxSteps optimiser steps).
 * Differences from the reference: no pretraining by default (see DeepSadConfig.pretrain);
 * no (affine-free) batch norm — @a3/nn has none; no weight decay (0.5e-6) and no
 * learning-rate milestone.
 */
export class DeepSad extends NeuralDetector<DeepSadConfig, DeepSadModel> {
  readonly kind = 'deepsad';
  protected readonly needsKnownAnomalies = false;

  constructor(options: Partial<DeepSadConfig> | JsonObject = {}) {
    super(resolveDeepSadConfig(options));
  }

  static load(dir: string, options: { backend?: string | Backend } = {}): Promise<DeepSad> {
    return NeuralDetector.loadAs(dir, 'deepsad', (c) => new DeepSad(c), options);
  }

  protected build(config: DeepSadConfig, width: number): DeepSadModel {
    return new DeepSadModel(config, width);
  }

  protected async train(
    model: DeepSadModel,
    ctx: NeuralFitContext,
    config: DeepSadConfig,
  ): Promise<JsonObject> {
    const { x, y, backend } = ctx;
    const n = x.shape[0];
    const run = { backend, stepsPerRun: config.stepsPerRun, kind: this.kind, onProgress: ctx.onProgress };
    const summary: JsonObject = {};
    if (config.pretrain) {
      // The decoder lives in its own collection: only the encoder is kept and saved.
      const arch = deepSadArchitecture(config, model.width);
      const decoder = mlp(
        {
          name: 'deepsad/decoder',
          hidden: [...arch.hidden].reverse(),
          output: model.width,
          activation: 'leaky-relu',
          alpha: config.alpha,
          useBias: false,
        },
        config.seed,
        arch.rep,
      );
      const next = epochBatches(
        n,
        config.batchSize,
        new Rng(seedFor(config.seed, 'deepsad/pretrain-batches')),
      );
      summary.pretrain = await trainSteps({
        ...run,
        // Only the encoder's weights are read back: the decoder is dropped after pretraining.
        params: model.params,
        optimizer: adam({ lr: config.aeLearningRate, epsilon: 1e-8 }),
        buildLoss: ({ x: xs, training }) => {
          const code = model.encoder.apply(xs, { training, trainable: true }).output;
          const recon = ops.sigmoid(decoder.apply(code, { training, trainable: true }).output);
          return ops.sum(ops.square(ops.sub(recon, xs)), 1);
        },
        steps: phaseSteps(n, {
          epochs: config.aeEpochs,
          maxSteps: config.aeMaxSteps,
          batchSize: config.batchSize,
        }),
        nextBatch: () => ({ x: x.gatherRows(next()) }),
        phase: 'pretrain',
      });
    }
    const phi = await forwardRows(backend, x, (xs) => ({
      phi: model.encoder.apply(xs, { training: false, trainable: false }).output,
    }));
    const centre = hypersphereCentre(phi.phi.data, phi.phi.width, config.centreEps);
    model.extra[CENTRE] = centre;
    const next = epochBatches(n, config.batchSize, new Rng(seedFor(config.seed, 'deepsad/batches')));
    const budget: PhaseBudget = {
      epochs: config.epochs,
      maxSteps: config.maxSteps,
      batchSize: config.batchSize,
    };
    summary.train = await trainSteps({
      ...run,
      params: model.params,
      optimizer: adam({ lr: config.learningRate, epsilon: 1e-8 }),
      buildLoss: ({ x: xs, y: ys, training }) => {
        const out = model.encoder.apply(xs, { training, trainable: true }).output;
        return sadLoss(out, xs.graph.constant(centre), ys!, config.eta, config.eps);
      },
      steps: phaseSteps(n, budget),
      nextBatch: () => {
        const rows = next();
        return { x: x.gatherRows(rows), y: labelColumn(y, rows) };
      },
      phase: 'train',
    });
    return summary;
  }

  /** The hypersphere centre c (after fit or load). */
  get centre(): Float32Array | undefined {
    const c = this.fittedModel?.extra[CENTRE];
    return c ? Float32Array.from(c.data as Float32Array) : undefined;
  }
}
