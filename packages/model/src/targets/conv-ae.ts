import { ShapeError, convOutSize, formatShape } from '@a3/core';
import { Activation, Conv2D, Dropout, MaxPool2D, UpSampling2D, type Layer } from '@a3/nn';
import { OptionReader } from '../plugins/options';
import { AutoencoderTarget } from './sequential-base';
import type { TargetContext } from './target';

export const CONV_AE_DEFAULTS = {
  encoder: [16, 8, 8],
  decoder: [8, 8, 16],
  activation: 'relu',
  dropout: 0.1,
} as const;

/**
 * The paper's image target (its reference code's `conv_ae`, after the Keras blog's conv AE):
 *
 *   encoder, per size f: Conv f (3×3, same) → MaxPool 2×2 (same) → ReLU   28 → 14 → 7 → 4
 *   decoder, per size f: Conv f (3×3) → ReLU → UpSampling 2×2            4 → 8 → 16 → 28
 *   output:              Conv 1 (3×3, same, sigmoid)
 *
 * All decoder convs are 'same' except the last, which is 'valid' (16 → 14) so the final
 * up-sampling lands on 28 again; dropout (elementwise here, spatial in the reference) sits
 * before that last ReLU. The reference pools with padding 'same' so 7 → 4. For other image
 * sizes the valid conv is used only when it brings the output back to the input size.
 * Taps (roles encoder/code/decoder): the six ReLU outputs — 3136+392+128+128+512+3136 = 7432 for MNIST.
 */
export class ConvAutoencoder extends AutoencoderTarget {
  constructor(ctx: TargetContext) {
    const o = new OptionReader('conv-ae', ctx.options, ['encoder', 'decoder', 'activation', 'dropout']);
    const encoder = o.layerSizes('encoder', CONV_AE_DEFAULTS.encoder);
    const decoder = o.layerSizes('decoder', CONV_AE_DEFAULTS.decoder);
    const activation = o.activation('activation', CONV_AE_DEFAULTS.activation);
    const dropout = o.rate('dropout', CONV_AE_DEFAULTS.dropout);
    const s = ctx.inputShape;
    if (s.length !== 3 && s.length !== 2) {
      throw new ShapeError(
        `conv-ae needs image samples [height, width, channels] (or [height, width]); got ${formatShape(s)}. ` +
          'Reshape flat pixels to [N, 28, 28, 1] before fitting, or use the dense-ae target.',
      );
    }
    const imageShape = [s[0], s[1], s.length === 3 ? s[2] : 1];
    const [h, w, c] = imageShape;
    const layers: Layer[] = [];
    let size: [number, number] = [h, w];
    encoder.forEach((f, i) => {
      const last = i === encoder.length - 1;
      layers.push(new Conv2D(f, 3, { padding: 'same', name: `conv_${i + 1}` }));
      layers.push(new MaxPool2D(2, { padding: 'same', name: `pool_${i + 1}` }));
      layers.push(
        new Activation(
          activation,
          last ? { name: 'code', role: 'code' } : { name: `encoder_${i + 1}`, role: 'encoder' },
        ),
      );
      size = [convOutSize(size[0], 2, 2, 'same'), convOutSize(size[1], 2, 2, 'same')];
    });
    // Which decoder conv is 'valid': the last one, when that makes the output size match.
    const n = decoder.length;
    const upFactor = 2 ** n;
    const validLast = size[0] * upFactor !== h && (size[0] * 2 ** (n - 1) - 2) * 2 === h;
    const validLastW = size[1] * upFactor !== w && (size[1] * 2 ** (n - 1) - 2) * 2 === w;
    let out: [number, number] = size;
    decoder.forEach((f, i) => {
      const last = i === n - 1;
      const valid = last && validLast && validLastW;
      layers.push(new Conv2D(f, 3, { padding: valid ? 'valid' : 'same', name: `deconv_${i + 1}` }));
      if (last && dropout > 0) layers.push(new Dropout(dropout, { name: 'dropout' }));
      layers.push(new Activation(activation, { name: `decoder_${i + 1}`, role: 'decoder' }));
      layers.push(new UpSampling2D(2, { name: `up_${i + 1}` }));
      out = valid ? [(out[0] - 2) * 2, (out[1] - 2) * 2] : [out[0] * 2, out[1] * 2];
    });
    if (out[0] !== h || out[1] !== w) {
      throw new ShapeError(
        `conv-ae cannot reconstruct ${h}×${w} images with ${encoder.length} pooling and ${n} up-sampling stages ` +
          `(the decoder ends at ${out[0]}×${out[1]}). Use 28×28 inputs as the paper, sizes divisible by ` +
          `${2 ** encoder.length} with as many decoder as encoder stages, or the dense-ae target.`,
      );
    }
    layers.push(new Conv2D(c, 3, { padding: 'same', activation: 'sigmoid', name: 'output' }));
    super('conv-ae', ctx, layers, imageShape);
  }
}
