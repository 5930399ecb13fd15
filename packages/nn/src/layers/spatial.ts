import { ops, InvalidArgumentError, type Padding, type Tensor } from '@a3/core';
import { pair, requireNHWC, type Pair } from './conv2d';
import { Layer, type LayerCall, type LayerOptions } from './layer';

export interface MaxPool2DOptions extends LayerOptions {
  /** Default: the pool size (non-overlapping windows). */
  strides?: Pair;
  /** Default 'valid', as Keras. */
  padding?: Padding;
}

/** Max over poolSize windows of NHWC inputs. */
export class MaxPool2D extends Layer {
  readonly className = 'MaxPool2D';
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;

  constructor(poolSize: Pair = 2, options: MaxPool2DOptions = {}) {
    super(options);
    this.poolSize = pair(poolSize, 'MaxPool2D poolSize');
    this.strides = pair(options.strides ?? this.poolSize, 'MaxPool2D strides');
    this.padding = options.padding ?? 'valid';
    if (this.padding !== 'same' && this.padding !== 'valid') {
      throw new InvalidArgumentError(
        `MaxPool2D padding must be 'same' or 'valid'; got "${String(this.padding)}".`,
      );
    }
  }

  call(x: Tensor): LayerCall {
    requireNHWC(x, `MaxPool2D "${this.name}"`);
    return {
      output: ops.maxPool2d(x, { poolSize: this.poolSize, strides: this.strides, padding: this.padding }),
    };
  }

  protected config(): Record<string, unknown> {
    return { poolSize: this.poolSize, strides: this.strides, padding: this.padding };
  }
}

/** Nearest-neighbour up-sampling of NHWC inputs by integer factors. */
export class UpSampling2D extends Layer {
  readonly className = 'UpSampling2D';
  readonly size: [number, number];

  constructor(size: Pair = 2, options: LayerOptions = {}) {
    super(options);
    this.size = pair(size, 'UpSampling2D size');
  }

  call(x: Tensor): LayerCall {
    requireNHWC(x, `UpSampling2D "${this.name}"`);
    return { output: ops.upSampling2d(x, this.size) };
  }

  protected config(): Record<string, unknown> {
    return { size: this.size };
  }
}
