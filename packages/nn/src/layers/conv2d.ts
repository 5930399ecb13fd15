import {
  formatShape,
  glorotUniform,
  InvalidArgumentError,
  ops,
  ShapeError,
  type Padding,
  type Tensor,
} from '@a3/core';
import { AffineLayer, type AffineOptions } from './affine';
import type { LayerCall, LayerContext } from './layer';

export type Pair = number | readonly [number, number];

export interface Conv2DOptions extends AffineOptions {
  strides?: Pair;
  /** 'valid' (default, as Keras) or 'same' (TensorFlow semantics: out = ceil(in / stride)). */
  padding?: Padding;
}

export function pair(v: Pair, what: string): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!p.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new InvalidArgumentError(`${what} must be positive integers; got ${JSON.stringify(v)}.`);
  }
  return p;
}

export function requireNHWC(x: Tensor, layer: string): void {
  if (x.rank !== 4 || x.shape.slice(1).some((d) => d < 1)) {
    throw new ShapeError(
      `${layer} needs an NHWC input [N, height, width, channels]; got ${formatShape(x.shape)}. ` +
        'Add a Reshape layer (e.g. new Reshape([28, 28, 1])) before it.',
    );
  }
}

/** 2-D convolution over NHWC inputs with an HWIO kernel (Glorot-uniform) and zero bias. */
export class Conv2D extends AffineLayer {
  readonly className = 'Conv2D';
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;

  constructor(filters: number, kernelSize: Pair, options: Conv2DOptions = {}) {
    super(options, 'Conv2D');
    if (!Number.isInteger(filters) || filters < 1) {
      throw new InvalidArgumentError(`Conv2D filters must be a positive integer; got ${filters}.`);
    }
    this.filters = filters;
    this.kernelSize = pair(kernelSize, 'Conv2D kernelSize');
    this.strides = pair(options.strides ?? 1, 'Conv2D strides');
    this.padding = options.padding ?? 'valid';
    if (this.padding !== 'same' && this.padding !== 'valid') {
      throw new InvalidArgumentError(
        `Conv2D padding must be 'same' or 'valid'; got "${String(this.padding)}".`,
      );
    }
  }

  call(x: Tensor, ctx: LayerContext): LayerCall {
    requireNHWC(x, `Conv2D "${this.name}"`);
    const [kh, kw] = this.kernelSize;
    const kernel = this.weight(x, ctx, 'kernel', [kh, kw, x.shape[3], this.filters], glorotUniform);
    const y = ops.conv2d(x, kernel, { strides: this.strides, padding: this.padding });
    return this.biasAndActivate(x, ctx, y, this.filters);
  }

  protected config(): Record<string, unknown> {
    return {
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      ...this.affineConfig(),
    };
  }
}
