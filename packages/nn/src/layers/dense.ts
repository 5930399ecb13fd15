import { formatShape, glorotUniform, ops, ShapeError, InvalidArgumentError, type Tensor } from '@a3/core';
import { AffineLayer, type AffineOptions } from './affine';
import type { LayerCall, LayerContext } from './layer';

export type DenseOptions = AffineOptions;

/** y = act(x·W + b) on [N, inDim] inputs; W is Glorot-uniform, b zeros (Keras defaults). */
export class Dense extends AffineLayer {
  readonly className = 'Dense';
  readonly units: number;

  constructor(units: number, options: DenseOptions = {}) {
    super(options, 'Dense');
    if (!Number.isInteger(units) || units < 1) {
      throw new InvalidArgumentError(`Dense units must be a positive integer; got ${units}.`);
    }
    this.units = units;
  }

  call(x: Tensor, ctx: LayerContext): LayerCall {
    if (x.rank !== 2 || x.shape[1] < 1) {
      throw new ShapeError(
        `Dense "${this.name}" needs a [N, features] input; got ${formatShape(x.shape)}. Add a Flatten layer before it.`,
      );
    }
    const kernel = this.weight(x, ctx, 'kernel', [x.shape[1], this.units], glorotUniform);
    return this.biasAndActivate(x, ctx, ops.matMul(x, kernel), this.units);
  }

  protected config(): Record<string, unknown> {
    return { units: this.units, ...this.affineConfig() };
  }
}
