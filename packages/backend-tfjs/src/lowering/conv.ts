import type { NodeOf, Padding } from '@a3/core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { TfModule, TfTensor } from '../tf-module';
import type { Kernel, LoweringOptions } from './types';

type Pads = [[number, number], [number, number], [number, number], [number, number]];

/** TF padding of one spatial axis: [before, after] with the odd pixel after ('same'). */
export function axisPads(size: number, kernel: number, stride: number, padding: Padding): [number, number] {
  if (padding === 'valid') return [0, 0];
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

export function conv2d(tf: TfModule, node: NodeOf<'Conv2D'>): Kernel {
  const { strides, padding } = node.attrs;
  return ([x, w]) => tf.conv2d(x as Tensor4D, w as Tensor4D, strides, padding);
}

export function conv2dBackpropInput(tf: TfModule, node: NodeOf<'Conv2DBackpropInput'>): Kernel {
  const { inputShape, strides, padding } = node.attrs;
  // conv2dTranspose is exactly TF's Conv2DBackpropInput with the forward filter (HWIO).
  return ([dy, w]) =>
    tf.conv2dTranspose(dy as Tensor4D, w as Tensor4D, [dy.shape[0], ...inputShape], strides, padding);
}

export function conv2dBackpropFilter(
  tf: TfModule,
  node: NodeOf<'Conv2DBackpropFilter'>,
  options: LoweringOptions,
): Kernel {
  const { filterShape, strides, padding } = node.attrs;
  if (options.conv2dBackpropFilterViaConv2d) return filterGradViaConv2d(tf, node);
  const attrs = { strides, pad: padding, dataFormat: 'NHWC', filterShape };
  return ([x, dy]) => tf.engine().runKernel<TfTensor>('Conv2DBackpropFilter', { x, dy }, attrs);
}

/**
 * dW[i,j,c,o] = Σ_{n,p,q} xpad[n, p·s+i, q·s+j, c] · dy[n,p,q,o] is itself a convolution: over
 * x with batch and channels swapped ([C, H, W, N]), with dy as the filter ([P, Q, N, O]) dilated
 * by the forward stride. For kernel backends without a Conv2DBackpropFilter kernel (wasm), and
 * fast there because it reuses the optimised Conv2D.
 */
function filterGradViaConv2d(tf: TfModule, node: NodeOf<'Conv2DBackpropFilter'>): Kernel {
  const { filterShape, strides, padding } = node.attrs;
  const [kh, kw] = filterShape;
  return ([x, dy]) => {
    const [, h, w] = x.shape;
    const pads: Pads = [
      [0, 0],
      axisPads(h, kh, strides[0], padding),
      axisPads(w, kw, strides[1], padding),
      [0, 0],
    ];
    const xt = tf.transpose(x, [3, 1, 2, 0]) as Tensor4D;
    const dyt = tf.transpose(dy, [1, 2, 0, 3]) as Tensor4D;
    // Both strides are 1 here (tfjs allows strides or dilations > 1, not both).
    const full = tf.conv2d(xt, dyt, 1, pads, 'NHWC', strides);
    // With 'valid' padding and a stride that does not divide, the window count overshoots kh/kw.
    const [, fh, fw] = full.shape;
    const cropped = fh === kh && fw === kw ? full : tf.slice(full, [0, 0, 0, 0], [-1, kh, kw, -1]);
    return tf.transpose(cropped, [1, 2, 0, 3]);
  };
}

/**
 * Nearest up-sampling by integer factors as a broadcast: exact (no float source-index
 * arithmetic as in resizeNearestNeighbor) and built from kernels every backend has.
 */
export function upSampling2d(tf: TfModule, node: NodeOf<'UpSampling2D'>): Kernel {
  const [sh, sw] = node.attrs.scale;
  return ([x]) => {
    const [n, h, w, c] = x.shape;
    const blocks = tf.reshape(x, [n * h, 1, w, 1, c]);
    const tiled = tf.broadcastTo(blocks, [n * h, sh, w, sw, c]);
    return tf.reshape(tiled, [n, h * sh, w * sw, c]);
  };
}
