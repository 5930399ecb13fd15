import { ops, shapeSize, type Tensor, type TensorData } from '@a3/core';
import { Dense, Dropout, Sequential, seedFor, type ParameterCollection } from '@a3/nn';
import { vaeLoss } from '@a3/train';
import type { JsonObject } from '../format/manifest';
import { MODEL_LIMITS } from '../format/limits';
import { OptionReader } from '../plugins/options';
import type { AnomalyContext, AnomalyNetwork, AnomalyTrainer } from './anomaly';

export const VAE_DEFAULTS = {
  encoder: [200, 100, 50, 25],
  activation: 'relu',
  dropout: 0.1,
  anomalyStd: 5,
  epochs: 30,
  batchSize: 256,
  learningRate: 1e-3,
} as const;

/**
 * The paper's learned anomaly network: a dense VAE trained on normal data, then sampled
 * with a wide σ around the encoded means, z = μ(x) + σ·ε (σ = 5), and decoded: samples that
 * look like the data's manifold but stray from it. Encoder Dense(encoder[:-1]) → μ, log σ²
 * of size encoder[-1]; decoder mirrored → dropout → sigmoid output of the input width.
 */
export class VaeAnomaly implements AnomalyNetwork {
  readonly params: ParameterCollection;
  private readonly encoder: Sequential;
  private readonly meanHead: Sequential;
  private readonly logVarHead: Sequential;
  private readonly decoder: Sequential;
  private readonly width: number;
  private readonly anomalyStd: number;
  private readonly training: { epochs: number; batchSize: number; learningRate: number };
  private readonly seed: number;
  private readonly options: JsonObject;

  constructor(ctx: AnomalyContext) {
    const o = new OptionReader('vae anomaly', ctx.options, [
      'encoder',
      'activation',
      'dropout',
      'anomalyStd',
      'epochs',
      'batchSize',
      'learningRate',
    ]);
    const encoder = o.layerSizes('encoder', VAE_DEFAULTS.encoder);
    const activation = o.activation('activation', VAE_DEFAULTS.activation);
    const dropout = o.rate('dropout', VAE_DEFAULTS.dropout);
    this.anomalyStd = o.number('anomalyStd', VAE_DEFAULTS.anomalyStd, (v) => v > 0, 'a positive number');
    this.training = {
      epochs: o.count('epochs', VAE_DEFAULTS.epochs, 1, MODEL_LIMITS.maxEpochs),
      batchSize: o.count('batchSize', VAE_DEFAULTS.batchSize, 1, MODEL_LIMITS.maxBatchSize),
      learningRate: o.number('learningRate', VAE_DEFAULTS.learningRate, (v) => v > 0, 'a positive number'),
    };
    this.options = ctx.options;
    this.width = shapeSize(ctx.inputShape);
    this.params = ctx.params;
    this.seed = ctx.seed;
    const latent = encoder[encoder.length - 1];
    const hidden = encoder.slice(0, -1);
    const s = { seed: ctx.seed, params: ctx.params };
    this.encoder = new Sequential(
      hidden.map((u, i) => new Dense(u, { activation, name: `dense_${i + 1}` })),
      { name: `${ctx.scope}/encoder`, ...s },
    );
    this.meanHead = new Sequential([new Dense(latent, { name: 'mean' })], { name: `${ctx.scope}/z`, ...s });
    this.logVarHead = new Sequential([new Dense(latent, { name: 'log_var' })], {
      name: `${ctx.scope}/z`,
      ...s,
    });
    this.decoder = new Sequential(
      [
        ...[...hidden].reverse().map((u, i) => new Dense(u, { activation, name: `dense_${i + 1}` })),
        new Dropout(dropout, { name: 'dropout' }),
        new Dense(this.width, { activation: 'sigmoid', name: 'output' }),
      ],
      { name: `${ctx.scope}/decoder`, ...s },
    );
  }

  private encode(x: Tensor, training: boolean, trainable: boolean): { mean: Tensor; logVar: Tensor } {
    const flat = x.rank === 2 ? x : ops.reshape(x, [-1, this.width]);
    const h = this.encoder.layers.length ? this.encoder.apply(flat, { training, trainable }).output : flat;
    return {
      mean: this.meanHead.apply(h, { training, trainable }).output,
      logVar: this.logVarHead.apply(h, { training, trainable }).output,
    };
  }

  generate(x: Tensor): Tensor {
    const { mean } = this.encode(x, false, false);
    const eps = ops.randomNormalLike(mean, {
      std: this.anomalyStd,
      seed: seedFor(this.seed, 'anomaly/vae/sample'),
    });
    const out = this.decoder.apply(ops.add(mean, eps), { training: false, trainable: false }).output;
    return x.rank === 2 ? out : ops.reshape(out, x.shape);
  }

  async fit(normal: TensorData<'float32'>, trainer: AnomalyTrainer): Promise<JsonObject> {
    return trainer.train({
      name: 'anomaly (vae)',
      data: normal,
      params: this.params,
      ...this.training,
      loss: (x) => {
        const { mean, logVar } = this.encode(x, true, true);
        const eps = ops.randomNormalLike(mean, { seed: seedFor(this.seed, 'anomaly/vae/train') });
        const z = ops.add(mean, ops.mul(ops.exp(ops.mul(logVar, 0.5)), eps));
        const logits = this.decoder.apply(z, { training: true, trainable: true }).logits;
        const target = x.rank === 2 ? x : ops.reshape(x, [-1, this.width]);
        return vaeLoss({ reconstruction: logits, target, mean, logVar }).loss;
      },
    });
  }

  toJSON(): JsonObject {
    return { type: 'vae', ...this.options };
  }
}
