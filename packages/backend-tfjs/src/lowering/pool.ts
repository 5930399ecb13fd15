import type { NodeOf } from '@a3/core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { TfModule, TfTensor } from '../tf-module';
import { axisPads } from './conv';
import type { Kernel, LoweringOptions } from './types';

export function maxPool2d(tf: TfModule, node: NodeOf<'MaxPool2D'>): Kernel {
  const { poolSize, strides, padding } = node.attrs;
  return ([x]) => tf.maxPool(x as Tensor4D, poolSize, strides, padding);
}

export function maxPoolGrad(tf: TfModule, node: NodeOf<'MaxPoolGrad'>, options: LoweringOptions): Kernel {
  const { poolSize, strides, padding } = node.attrs;
  if (options.maxPoolGradFirstMax) return maxPoolGradFirstMax(tf, node);
  const attrs = { filterSize: poolSize, strides, pad: padding };
  return ([x, y, dy]) => tf.engine().runKernel<TfTensor>('MaxPoolGrad', { dy, input: x, output: y }, attrs);
}

/**
 * MaxPoolGrad with TF's tie rule (first max in row-major window order), from primitives: for
 * each window offset (i, j), the strided view of x that offset sees is compared with y; the
 * first offset that matches takes dy, which is scattered back to its strided positions.
 * kh·kw small steps (4 for the usual 2×2 pool), each over tensors the size of y.
 */
function maxPoolGradFirstMax(tf: TfModule, node: NodeOf<'MaxPoolGrad'>): Kernel {
  const { poolSize, strides, padding } = node.attrs;
  const [kh, kw] = poolSize;
  const [sh, sw] = strides;
  return ([x, y, dy]) => {
    const [n, h, w, c] = x.shape;
    const [, oh, ow] = y.shape;
    const [pt, pb] = axisPads(h, kh, sh, padding);
    const [pl, pr] = axisPads(w, kw, sw, padding);
    const padded = pt + pb + pl + pr > 0;
    // Padding never wins a window, as in the forward pool.
    const xp = padded
      ? tf.pad(
          x,
          [
            [0, 0],
            [pt, pb],
            [pl, pr],
            [0, 0],
          ],
          -Infinity,
        )
      : x;
    const hp = h + pt + pb;
    const wp = w + pl + pr;
    const zeros = tf.zerosLike(dy);
    let taken: TfTensor | undefined;
    let dxp: TfTensor | undefined;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const seen = tf.stridedSlice(
          xp,
          [0, i, j, 0],
          [n, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, c],
          [1, sh, sw, 1],
        );
        const hit = tf.equal(seen, y);
        const first = taken ? tf.logicalAnd(hit, tf.logicalNot(taken)) : hit;
        taken = taken ? tf.logicalOr(taken, hit) : hit;
        const placed = scatterStrided(tf, tf.where(first, dy, zeros), [i, j], [sh, sw], [hp, wp]);
        dxp = dxp ? tf.add(dxp, placed) : placed;
      }
    }
    return padded ? tf.slice(dxp!, [0, pt, pl, 0], [n, h, w, c]) : dxp!;
  };
}

/** Puts g[:, a, b, :] at [:, offset[0] + a·stride[0], offset[1] + b·stride[1], :] of a zero [N, size..., C]. */
function scatterStrided(
  tf: TfModule,
  g: TfTensor,
  offset: [number, number],
  stride: [number, number],
  size: [number, number],
): TfTensor {
  const [n, oh, ow, c] = g.shape;
  const [sh, sw] = stride;
  let spread = g;
  if (sh > 1 || sw > 1) {
    // Interleave zeros: [N·OH, 1, OW, 1, C] padded to [N·OH, sh, OW, sw, C] is the strided layout.
    const blocks = tf.reshape(g, [n * oh, 1, ow, 1, c]);
    const zeroed = tf.pad(blocks, [
      [0, 0],
      [0, sh - 1],
      [0, 0],
      [0, sw - 1],
      [0, 0],
    ]);
    spread = tf.reshape(zeroed, [n, oh * sh, ow * sw, c]);
  }
  // The trailing zero rows/cols may overhang the padded input: keep what fits, pad the rest.
  const rows = Math.min(oh * sh, size[0] - offset[0]);
  const cols = Math.min(ow * sw, size[1] - offset[1]);
  const fitted =
    rows < oh * sh || cols < ow * sw ? tf.slice(spread, [0, 0, 0, 0], [n, rows, cols, c]) : spread;
  return tf.pad(fitted, [
    [0, 0],
    [offset[0], size[0] - offset[0] - rows],
    [offset[1], size[1] - offset[1] - cols],
    [0, 0],
  ]);
}
