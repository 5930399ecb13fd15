import { ops, Rng, type Backend, type Tensor, type TensorData } from '@a3/core';
import type { JsonObject } from '@a3/model';
import { seedFor, type ParameterCollection, type Sequential } from '@a3/nn';
import { kernelNames, mlp, sumOfSquares } from '../neural/mlp';
import { NeuralDetector, type NeuralFitContext, type NeuralModel } from '../neural/neural-detector';
import { OptionReader, RUN_OPTION_NAMES, type NeuralRunConfig } from '../neural/options';
import { rmsprop } from '../neural/rmsprop';
import { labelColumn, rowsWhere, trainSteps } from '../neural/steps';
import { deviationLoss, referenceStats } from './deviation-loss';

/** DevNet's options; the defaults are the reference code's (GuansongPang/deviation-network). */
export interface DevNetConfig extends NeuralRunConfig {
  /** Units of the one ReLU hidden layer (20). */
  hidden: number;
  /** Confidence margin a of the deviation loss (5). */
  margin: number;
  /** N(0, 1) draws of the reference scores (5000). */
  referenceSize: number;
  /** L2 weight on the hidden layer's kernel (Keras l2(0.01)). */
  l2: number;
  learningRate: number;
  /** Global gradient-norm clip of RMSprop (Keras clipnorm = 1). */
  clipNorm: number;
  /** Rows per batch, half known anomalies and half unlabelled rows (512). */
  batchSize: number;
  batchesPerEpoch: number;
  epochs: number;
}

export const DEVNET_DEFAULTS: Omit<DevNetConfig, keyof NeuralRunConfig> = {
  hidden: 20,
  margin: 5,
  referenceSize: 5000,
  l2: 0.01,
  learningRate: 1e-3,
  clipNorm: 1,
  batchSize: 512,
  batchesPerEpoch: 20,
  epochs: 50,
};

export function resolveDevNetConfig(options?: unknown): DevNetConfig {
  const r = new OptionReader('devnet', options, [...Object.keys(DEVNET_DEFAULTS), ...RUN_OPTION_NAMES]);
  const d = DEVNET_DEFAULTS;
  return {
    hidden: r.int('hidden', d.hidden),
    margin: r.num('margin', d.margin, { min: 0, aboveMin: true }),
    referenceSize: r.int('referenceSize', d.referenceSize, 2),
    l2: r.num('l2', d.l2, { min: 0 }),
    learningRate: r.num('learningRate', d.learningRate, { min: 0, aboveMin: true }),
    clipNorm: r.num('clipNorm', d.clipNorm, { min: 0, aboveMin: true }),
    batchSize: r.int('batchSize', d.batchSize, 2),
    batchesPerEpoch: r.int('batchesPerEpoch', d.batchesPerEpoch),
    epochs: r.int('epochs', d.epochs),
    ...r.run(),
  };
}

class DevNetModel implements NeuralModel {
  readonly net: Sequential;
  extra: Record<string, TensorData> = {};

  constructor(config: DevNetConfig, width: number) {
    this.net = mlp(
      { name: 'devnet', hidden: [config.hidden], output: 1, activation: 'relu' },
      config.seed,
      width,
    );
  }

  get params(): ParameterCollection {
    return this.net.params;
  }

  extraShapes(): Record<string, number[]> {
    return {};
  }

  /** φ(x): the network's linear output is the anomaly score. */
  score(x: Tensor): Tensor {
    return ops.reshape(this.net.apply(x, { training: false, trainable: false }).output, [-1]);
  }
}

/**
 * Deviation Network (Pang, Shen & van den Hengel, "Deep Anomaly Detection with Deviation
 * Networks", KDD 2019): an MLP with one 20-unit ReLU layer maps a row to a scalar score
 * φ(x), trained with the deviation loss against a N(0, 1) prior on normal scores
 * (μ_R, σ_R of 5000 seeded draws) on balanced batches — every second row a known
 * anomaly, the others unlabelled rows, both drawn with replacement, as the reference
 * sampler — with RMSprop (lr 1e-3, clipnorm 1) for 50 epochs of 20 batches of 512.
 * Needs known anomalies (fit throws UnsuitableDataError without).
 */
export class DevNet extends NeuralDetector<DevNetConfig, DevNetModel> {
  readonly kind = 'devnet';
  protected readonly needsKnownAnomalies = true;

  constructor(options: Partial<DevNetConfig> | JsonObject = {}) {
    super(resolveDevNetConfig(options));
  }

  static load(dir: string, options: { backend?: string | Backend } = {}): Promise<DevNet> {
    return NeuralDetector.loadAs(dir, 'devnet', (c) => new DevNet(c), options);
  }

  protected build(config: DevNetConfig, width: number): DevNetModel {
    return new DevNetModel(config, width);
  }

  protected async train(
    model: DevNetModel,
    ctx: NeuralFitContext,
    config: DevNetConfig,
  ): Promise<JsonObject> {
    const { x, y } = ctx;
    const anomalies = rowsWhere(y, 1);
    const normals = rowsWhere(y, 0);
    const ref = referenceStats(seedFor(config.seed, 'devnet/reference'), config.referenceSize);
    const rng = new Rng(seedFor(config.seed, 'devnet/batches'));
    const nextBatch = () => {
      const rows = new Int32Array(config.batchSize);
      for (let i = 0; i < rows.length; i++) {
        rows[i] = i % 2 === 0 ? normals[rng.int(normals.length)] : anomalies[rng.int(anomalies.length)];
      }
      return { x: x.gatherRows(rows), y: labelColumn(y, rows) };
    };
    const hiddenKernel = kernelNames(model.net).slice(0, 1);
    const summary = await trainSteps({
      backend: ctx.backend,
      params: model.params,
      optimizer: rmsprop({ lr: config.learningRate, clipNorm: config.clipNorm }),
      buildLoss: ({ x: xs, y: ys, training }) => {
        const out = model.net.apply(xs, { training, trainable: true }).output;
        const deviation = ops.mean(deviationLoss(out, ys!, ref, config.margin));
        const penalty = ops.mul(sumOfSquares(xs, hiddenKernel), config.l2);
        return { loss: ops.add(deviation, penalty), metrics: { deviation } };
      },
      steps: config.epochs * config.batchesPerEpoch,
      nextBatch,
      stepsPerRun: config.stepsPerRun,
      phase: 'train',
      kind: this.kind,
      onProgress: ctx.onProgress,
    });
    return { ...summary, reference: { mean: ref.mean, std: ref.std } };
  }
}
