import { ops, shapeSize, type Tensor } from '@a3/core';
import { Dense, Dropout, Sequential, type ParameterCollection } from '@a3/nn';
import type { JsonObject } from '../format/manifest';
import { OptionReader } from '../plugins/options';
import {
  hiddenTaps,
  reconstructionBce,
  type TargetContext,
  type TargetForward,
  type TargetNetwork,
} from './target';

export const DENSE_AE_DEFAULTS = { encoder: [200, 100, 50, 25], activation: 'relu', dropout: 0.1 } as const;

/**
 * The paper's tabular target: a symmetric dense autoencoder. Encoder `encoder` (the last
 * size is the code), decoder mirrored without the code, dropout, then a sigmoid output of
 * the input width. Taps: every hidden activation, roles encoder / code / decoder, named
 * encoder_1.., code, decoder_1.. — [200,100,50,25] gives 725 values per sample.
 * Inputs of any rank are flattened (and the output reshaped back).
 */
export class DenseAutoencoder implements TargetNetwork {
  readonly model: Sequential;
  private readonly width: number;

  constructor(private readonly ctx: TargetContext) {
    const o = new OptionReader('dense-ae', ctx.options, ['encoder', 'activation', 'dropout']);
    const encoder = o.layerSizes('encoder', DENSE_AE_DEFAULTS.encoder);
    const activation = o.activation('activation', DENSE_AE_DEFAULTS.activation);
    const dropout = o.rate('dropout', DENSE_AE_DEFAULTS.dropout);
    this.width = shapeSize(ctx.inputShape);
    const layers = [
      ...encoder.map(
        (units, i) =>
          new Dense(units, {
            activation,
            ...(i === encoder.length - 1
              ? { name: 'code', role: 'code' }
              : { name: `encoder_${i + 1}`, role: 'encoder' }),
          }),
      ),
      ...encoder
        .slice(0, -1)
        .reverse()
        .map((units, i) => new Dense(units, { activation, name: `decoder_${i + 1}`, role: 'decoder' })),
      new Dropout(dropout, { name: 'dropout' }),
      new Dense(this.width, { activation: 'sigmoid', name: 'output' }),
    ];
    this.model = new Sequential(layers, { name: ctx.scope, seed: ctx.seed, params: ctx.params });
  }

  get params(): ParameterCollection {
    return this.model.params;
  }

  apply(x: Tensor, options: { training: boolean; trainable: boolean }): TargetForward {
    const flat = x.rank === 2 ? x : ops.reshape(x, [-1, this.width]);
    const r = this.model.apply(flat, options);
    const back = (t: Tensor) => (x.rank === 2 ? t : ops.reshape(t, x.shape));
    return { output: back(r.output), logits: back(r.logits), taps: hiddenTaps(r.taps, r.output) };
  }

  loss(forward: TargetForward, x: Tensor): Tensor {
    return reconstructionBce(forward.logits, x);
  }

  toJSON(): JsonObject {
    return {
      type: 'dense-ae',
      inputShape: [...this.ctx.inputShape],
      model: this.model.toJSON() as unknown as JsonObject,
    };
  }
}
