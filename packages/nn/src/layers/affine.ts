import { ops, zeros, type Tensor } from '@a3/core';
import {
  activate,
  checkActivation,
  DEFAULT_LEAKY_ALPHA,
  type ActivationName,
} from '../activations/activations';
import { Layer, type LayerCall, type LayerContext, type LayerOptions } from './layer';

/** Options of the layers that compute act(linear(x) + b): Dense and Conv2D. */
export interface AffineOptions extends LayerOptions {
  /** Applied after the affine map (default linear); a non-linear one makes the output a tap. */
  activation?: ActivationName;
  /** Slope for leaky-relu (default 0.2). */
  alpha?: number;
  /** Add a bias, one per output channel, zero-initialised (default true). */
  useBias?: boolean;
}

/**
 * Dense and Conv2D: a subclass computes its linear map (matMul, conv2d); this adds the bias and
 * the activation the same way for both, and reports the pre-activation value (for logits).
 */
export abstract class AffineLayer extends Layer {
  readonly activation: ActivationName;
  readonly alpha: number;
  readonly useBias: boolean;

  protected constructor(options: AffineOptions, className: string) {
    super(options);
    this.activation = checkActivation(options.activation ?? 'linear', className);
    this.alpha = options.alpha ?? DEFAULT_LEAKY_ALPHA;
    this.useBias = options.useBias ?? true;
  }

  /** `linear` plus the bias (shape [channels], the last axis), then the activation. */
  protected biasAndActivate(x: Tensor, ctx: LayerContext, linear: Tensor, channels: number): LayerCall {
    const y = this.useBias
      ? ops.add(
          linear,
          this.weight(x, ctx, 'bias', [channels], (_r, s) => zeros(s)),
        )
      : linear;
    if (this.activation === 'linear') return { output: y };
    return {
      output: activate(y, this.activation, this.alpha),
      preActivation: y,
      activation: this.activation,
    };
  }

  /** The activation options, for `config()`. */
  protected affineConfig(): { activation: ActivationName; alpha: number; useBias: boolean } {
    return { activation: this.activation, alpha: this.alpha, useBias: this.useBias };
  }
}
