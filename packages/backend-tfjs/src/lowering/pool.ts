import type { NodeOf } from '@a3/core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { TfModule, TfTensor } from '../tf-module';
import { axisPads } from './conv';
import type { Kernel, LoweringOptions } from './types';

type Pair = [number, number];

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
 * MaxPoolGrad with TF's tie rule (the first max in row-major window order) from primitives.
 * x is padded with -∞ / cropped to exactly the rows and columns the windows cover; then for
 * each window offset (i, j) the view of x that offset sees is compared with y, and the first
 * offset that matches takes dy. Masks are float 0/1 (wasm's logical ops are slow).
 */
function maxPoolGradFirstMax(tf: TfModule, node: NodeOf<'MaxPoolGrad'>): Kernel {
  const { poolSize, strides, padding } = node.attrs;
  const disjoint = poolSize[0] === strides[0] && poolSize[1] === strides[1];
  return ([x, y, dy]) => {
    const [, h, w] = x.shape;
    const [, oh, ow] = y.shape;
    const before: Pair = [
      axisPads(h, poolSize[0], strides[0], padding)[0],
      axisPads(w, poolSize[1], strides[1], padding)[0],
    ];
    const extent: Pair = [(oh - 1) * strides[0] + poolSize[0], (ow - 1) * strides[1] + poolSize[1]];
    const xe = toExtent(tf, x, before, extent, -Infinity);
    const dxe = disjoint
      ? gradDisjoint(tf, xe, y, dy, poolSize)
      : gradStrided(tf, xe, y, dy, poolSize, strides, extent);
    return fromExtent(tf, dxe, before, [h, w]);
  };
}

/** The "first match" bookkeeping shared by both layouts: returns dy where this offset wins. */
function firstMatch(
  tf: TfModule,
  seen: TfTensor,
  y: TfTensor,
  dy: TfTensor,
  state: { open?: TfTensor },
): TfTensor {
  const hit = tf.cast(tf.equal(seen, y), 'float32');
  const first = state.open ? tf.mul(hit, state.open) : hit;
  state.open = state.open ? tf.sub(state.open, first) : tf.sub(1, hit);
  return tf.mul(first, dy);
}

/**
 * Non-overlapping windows (stride = pool size, the usual 2×2/2): viewed as
 * [N·OH, kh, OW, kw·C], each window offset is a plain slice, and the per-offset gradients
 * concatenate back into the same layout. No strided slices (slow on wasm).
 */
function gradDisjoint(tf: TfModule, xe: TfTensor, y: TfTensor, dy: TfTensor, [kh, kw]: Pair): TfTensor {
  const [n, eh, ew, c] = xe.shape;
  const [, oh, ow] = y.shape;
  const m = n * oh;
  const windows = tf.reshape(xe, [m, kh, ow, kw * c]);
  const state: { open?: TfTensor } = {};
  const rows: TfTensor[] = [];
  for (let i = 0; i < kh; i++) {
    const cols: TfTensor[] = [];
    for (let j = 0; j < kw; j++) {
      const seen = tf.reshape(tf.slice(windows, [0, i, 0, j * c], [m, 1, ow, c]), [n, oh, ow, c]);
      cols.push(tf.reshape(firstMatch(tf, seen, y, dy, state), [m, 1, ow, c]));
    }
    rows.push(kw > 1 ? tf.concat(cols, 3) : cols[0]);
  }
  return tf.reshape(kh > 1 ? tf.concat(rows, 1) : rows[0], [n, eh, ew, c]);
}

/** Overlapping or gapped windows: strided views of x, gradients scattered back and summed. */
function gradStrided(
  tf: TfModule,
  xe: TfTensor,
  y: TfTensor,
  dy: TfTensor,
  [kh, kw]: Pair,
  [sh, sw]: Pair,
  extent: Pair,
): TfTensor {
  const [n, , , c] = xe.shape;
  const [, oh, ow] = y.shape;
  const state: { open?: TfTensor } = {};
  let sum: TfTensor | undefined;
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const end = [n, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, c];
      const seen = tf.stridedSlice(xe, [0, i, j, 0], end, [1, sh, sw, 1]);
      const placed = scatterStrided(tf, firstMatch(tf, seen, y, dy, state), [i, j], [sh, sw], extent);
      sum = sum ? tf.add(sum, placed) : placed;
    }
  }
  return sum!;
}

/** Puts g[:, a, b, :] at [:, offset[0] + a·stride[0], offset[1] + b·stride[1], :] of a zero [N, size..., C]. */
function scatterStrided(tf: TfModule, g: TfTensor, offset: Pair, [sh, sw]: Pair, size: Pair): TfTensor {
  const [n, oh, ow, c] = g.shape;
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
  // The trailing zero rows/cols may overhang the extent: keep what fits, pad the rest.
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

/** x padded by `before` (with `fill`) and then padded or cropped to `extent` rows/cols. */
function toExtent(tf: TfModule, x: TfTensor, before: Pair, extent: Pair, fill: number): TfTensor {
  const [n, h, w, c] = x.shape;
  const after: Pair = [extent[0] - before[0] - h, extent[1] - before[1] - w];
  if (after[0] < 0 || after[1] < 0) {
    x = tf.slice(x, [0, 0, 0, 0], [n, h + Math.min(after[0], 0), w + Math.min(after[1], 0), c]);
  }
  if (before[0] + before[1] + Math.max(after[0], 0) + Math.max(after[1], 0) === 0) return x;
  return tf.pad(
    x,
    [
      [0, 0],
      [before[0], Math.max(after[0], 0)],
      [before[1], Math.max(after[1], 0)],
      [0, 0],
    ],
    fill,
  );
}

/** The inverse placement for gradients: the [h, w] input region of an extent tensor, zeros where cropped. */
function fromExtent(tf: TfModule, dxe: TfTensor, before: Pair, [h, w]: Pair): TfTensor {
  const [n, eh, ew, c] = dxe.shape;
  const rows = Math.min(eh - before[0], h);
  const cols = Math.min(ew - before[1], w);
  const whole = before[0] === 0 && before[1] === 0 && rows === eh && cols === ew;
  const inner = whole ? dxe : tf.slice(dxe, [0, before[0], before[1], 0], [n, rows, cols, c]);
  if (rows === h && cols === w) return inner;
  return tf.pad(inner, [
    [0, 0],
    [0, h - rows],
    [0, w - cols],
    [0, 0],
  ]);
}
