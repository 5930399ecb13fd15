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

export function conv2dBackpropInput(
  tf: TfModule,
  node: NodeOf<'Conv2DBackpropInput'>,
  options: LoweringOptions,
): Kernel {
  const { inputShape, strides, padding } = node.attrs;
  if (options.conv2dBackpropInputViaConv2d && strides[0] === 1 && strides[1] === 1) {
    return inputGradViaConv2d(tf, node);
  }
  // conv2dTranspose is exactly TF's Conv2DBackpropInput with the forward filter (HWIO).
  return ([dy, w]) =>
    tf.conv2dTranspose(dy as Tensor4D, w as Tensor4D, [dy.shape[0], ...inputShape], strides, padding);
}

/**
 * With stride 1, dx is the "full" correlation of dy with the filter rotated by 180° and its
 * in/out channels swapped: a plain conv2d with mirrored padding. wasm's Conv2DBackpropInput
 * kernel is 7–20× slower than its (XNNPACK) Conv2D on the same sizes.
 */
function inputGradViaConv2d(tf: TfModule, node: NodeOf<'Conv2DBackpropInput'>): Kernel {
  const { inputShape, padding } = node.attrs;
  return ([dy, w]) => {
    const [kh, kw] = w.shape;
    const [pt, pb] = axisPads(inputShape[0], kh, 1, padding);
    const [pl, pr] = axisPads(inputShape[1], kw, 1, padding);
    const pads: Pads = [
      [0, 0],
      [kh - 1 - pt, kh - 1 - pb],
      [kw - 1 - pl, kw - 1 - pr],
      [0, 0],
    ];
    const rotated = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as Tensor4D;
    return tf.conv2d(dy as Tensor4D, rotated, 1, pads);
  };
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
 * Nearest up-sampling by integer factors as two concatenations of copies: exact (no float
 * source-index arithmetic as in resizeNearestNeighbor) and fast on every kernel backend
 * (a broadcast/tile of the same data is 10–20× slower on cpu and wasm).
 */
export function upSampling2d(tf: TfModule, node: NodeOf<'UpSampling2D'>): Kernel {
  const [sh, sw] = node.attrs.scale;
  return ([x]) => {
    const [n, h, w, c] = x.shape;
    let t = x;
    if (sw > 1) {
      const pixels = tf.reshape(x, [n * h, w, 1, c]);
      t = tf.concat(new Array<TfTensor>(sw).fill(pixels), 2); // [N·H, W, sw, C]
    }
    if (sh > 1) {
      const rows = tf.reshape(t, [n, h, 1, w * sw * c]);
      t = tf.concat(new Array<TfTensor>(sh).fill(rows), 2); // [N, H, sh, W·sw·C]
    }
    return tf.reshape(t, [n, h * sh, w * sw, c]);
  };
}
