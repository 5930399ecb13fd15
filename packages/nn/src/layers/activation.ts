import type { Tensor } from '@a3/core';
import {
  activate,
  checkActivation,
  DEFAULT_LEAKY_ALPHA,
  type ActivationName,
} from '../activations/activations';
import { Layer, type LayerCall, type LayerOptions } from './layer';

export interface ActivationOptions extends LayerOptions {
  /** Slope for leaky-relu (default 0.2). */
  alpha?: number;
}

/** An activation as its own layer; its output is always a tap (even 'linear'). */
export class Activation extends Layer {
  readonly className = 'Activation';
  readonly activation: ActivationName;
  readonly alpha: number;

  constructor(activation: ActivationName, options: ActivationOptions = {}) {
    super(options);
    this.activation = checkActivation(activation, 'Activation');
    this.alpha = options.alpha ?? DEFAULT_LEAKY_ALPHA;
  }

  call(x: Tensor): LayerCall {
    return {
      output: activate(x, this.activation, this.alpha),
      preActivation: x,
      activation: this.activation,
    };
  }

  protected config(): Record<string, unknown> {
    return { activation: this.activation, alpha: this.alpha };
  }
}
