import { InvalidArgumentError, ops, type Tensor } from '@a3/core';
import { seedFor } from '../params/seed';
import { Layer, type LayerCall, type LayerContext, type LayerOptions } from './layer';

export interface DropoutOptions extends LayerOptions {
  /** Fixes the mask sequence; default derived from the model seed and the layer name. */
  seed?: number;
}

/**
 * Inverted dropout in training mode (zero a `rate` share, scale the rest by 1/(1-rate));
 * the identity in inference mode. Masks are fresh every run, reproducible per seed.
 */
export class Dropout extends Layer {
  readonly className = 'Dropout';
  readonly rate: number;
  readonly seed: number | undefined;

  constructor(rate: number, options: DropoutOptions = {}) {
    super(options);
    if (!(rate >= 0 && rate < 1))
      throw new InvalidArgumentError(`Dropout rate must be in [0, 1); got ${rate}.`);
    this.rate = rate;
    this.seed = options.seed;
  }

  call(x: Tensor, ctx: LayerContext): LayerCall {
    if (!ctx.training || this.rate === 0) return { output: x };
    // Each application in a graph gets its own stream, so two passes do not share masks.
    const seed = seedFor(this.seed ?? ctx.seed, `${ctx.scope}/${this.name}#${ctx.applyIndex}`);
    return { output: ops.dropout(x, this.rate, seed) };
  }

  protected config(): Record<string, unknown> {
    return this.seed === undefined ? { rate: this.rate } : { rate: this.rate, seed: this.seed };
  }
}
