import { shapeSize } from '@a3/core';
import { Dense, Dropout } from '@a3/nn';
import { OptionReader } from '../plugins/options';
import { AutoencoderTarget } from './sequential-base';
import type { TargetContext } from './target';

export const DENSE_AE_DEFAULTS = { encoder: [200, 100, 50, 25], activation: 'relu', dropout: 0.1 } as const;

/**
 * The paper's tabular target: a symmetric dense autoencoder. Encoder `encoder` (the last
 * size is the code), decoder mirrored without the code, dropout, then a sigmoid output of
 * the input width. Taps: every hidden activation, roles encoder / code / decoder, named
 * encoder_1.., code, decoder_1.. — [200,100,50,25] gives 725 values per sample.
 * Inputs of any rank are flattened (and the output reshaped back).
 */
export class DenseAutoencoder extends AutoencoderTarget {
  constructor(ctx: TargetContext) {
    const o = new OptionReader('dense-ae', ctx.options, ['encoder', 'activation', 'dropout']);
    const encoder = o.layerSizes('encoder', DENSE_AE_DEFAULTS.encoder);
    const activation = o.activation('activation', DENSE_AE_DEFAULTS.activation);
    const dropout = o.rate('dropout', DENSE_AE_DEFAULTS.dropout);
    const width = shapeSize(ctx.inputShape);
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
      new Dense(width, { activation: 'sigmoid', name: 'output' }),
    ];
    super('dense-ae', ctx, layers, [width]);
  }
}
