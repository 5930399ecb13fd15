import {
  formatShape,
  glorotUniform,
  ops,
  ShapeError,
  zeros,
  InvalidArgumentError,
  type Tensor,
} from '@a3/core';
import {
  activate,
  checkActivation,
  DEFAULT_LEAKY_ALPHA,
  type ActivationName,
} from '../activations/activations';
import { Layer, type LayerCall, type LayerContext, type LayerOptions } from './layer';

export interface DenseOptions extends LayerOptions {
  /** Applied after the affine map (default linear); a non-linear one makes the output a tap. */
  activation?: ActivationName;
  /** Slope for leaky-relu (default 0.2). */
  alpha?: number;
  useBias?: boolean;
}

/** y = act(x·W + b) on [N, inDim] inputs; W is Glorot-uniform, b zeros (Keras defaults). */
export class Dense extends Layer {
  readonly className = 'Dense';
  readonly units: number;
  readonly activation: ActivationName;
  readonly alpha: number;
  readonly useBias: boolean;

  constructor(units: number, options: DenseOptions = {}) {
    super(options);
    if (!Number.isInteger(units) || units < 1) {
      throw new InvalidArgumentError(`Dense units must be a positive integer; got ${units}.`);
    }
    this.units = units;
    this.activation = checkActivation(options.activation ?? 'linear', 'Dense');
    this.alpha = options.alpha ?? DEFAULT_LEAKY_ALPHA;
    this.useBias = options.useBias ?? true;
  }

  call(x: Tensor, ctx: LayerContext): LayerCall {
    if (x.rank !== 2 || x.shape[1] < 1) {
      throw new ShapeError(
        `Dense "${this.name}" needs a [N, features] input; got ${formatShape(x.shape)}. Add a Flatten layer before it.`,
      );
    }
    const kernel = this.weight(x, ctx, 'kernel', [x.shape[1], this.units], glorotUniform);
    let y = ops.matMul(x, kernel);
    if (this.useBias)
      y = ops.add(
        y,
        this.weight(x, ctx, 'bias', [this.units], (_r, s) => zeros(s)),
      );
    if (this.activation === 'linear') return { output: y };
    return {
      output: activate(y, this.activation, this.alpha),
      preActivation: y,
      activation: this.activation,
    };
  }

  protected config(): Record<string, unknown> {
    return { units: this.units, activation: this.activation, alpha: this.alpha, useBias: this.useBias };
  }
}
