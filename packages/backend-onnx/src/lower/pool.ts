import { BATCH, type Node } from '@a3/core';
import { floatTensor } from '../proto/tensor';
import { attr, type GraphBuilder } from './builder';
import { pads2d, padHW, TO_NCHW, TO_NHWC } from './layout';
import type { Operand } from './values';

type PoolNode = Extract<Node, { op: 'MaxPool2D' | 'MaxPoolGrad' | 'UpSampling2D' }>;

export function lowerPool(b: GraphBuilder, node: PoolNode, x: readonly Operand[]): string {
  switch (node.op) {
    case 'MaxPool2D': {
      const [, h, w] = x[0].shape;
      const { poolSize, strides, padding } = node.attrs;
      const y = b.op(
        'MaxPool',
        [b.transpose(x[0].name, TO_NCHW)],
        [
          attr.ints('kernel_shape', poolSize),
          attr.ints('pads', pads2d(h, w, poolSize, strides, padding)),
          attr.ints('strides', strides),
        ],
      );
      return b.transpose(y, TO_NHWC);
    }
    case 'MaxPoolGrad': {
      const { poolSize, strides } = node.attrs;
      return poolSize[0] === strides[0] && poolSize[1] === strides[1]
        ? tiledPoolGrad(b, node, x)
        : scatterPoolGrad(b, node, x);
    }
    case 'UpSampling2D': {
      // Nearest up-sampling by integer factors is a broadcast: [N,H,1,W,1,C] → [N,H,sh,W,sw,C].
      const [n, h, w, c] = x[0].shape;
      const [sh, sw] = node.attrs.scale;
      const batch = n === BATCH ? -1 : n;
      const split = b.reshape(x[0].name, [batch, h, 1, w, 1, c]);
      const expanded = b.op('Expand', [split, b.int64s([1, 1, sh, 1, sw, 1])]);
      return b.reshape(expanded, [batch, h * sh, w * sw, c]);
    }
  }
}

/**
 * Non-overlapping windows (stride = pool size, A³'s 2×2 pools), in NHWC without transposes:
 * window offset (i, j) of every window is one strided slice of x. The maximum is found again
 * (elementwise Max of the slices), and dy goes to the first offset, in row-major window order,
 * that holds it — TF's tie rule; 'same' padding cells are -∞ so they never win. The per-offset
 * gradients are interleaved back with Concats on unit axes.
 */
function tiledPoolGrad(
  b: GraphBuilder,
  node: Extract<Node, { op: 'MaxPoolGrad' }>,
  x: readonly Operand[],
): string {
  const [n, h, w, c] = x[0].shape;
  const [kh, kw] = node.attrs.poolSize;
  const [, oh, ow] = x[2].shape;
  const batch = n === BATCH ? -1 : n;
  const [pt, pl, pb, pr] = pads2d(h, w, [kh, kw], [kh, kw], node.attrs.padding);
  const xp = padHW(b, x[0].name, [pt, pl, pb, pr], -Infinity);
  const offsets = Array.from({ length: kh * kw }, (_, k) => [Math.floor(k / kw), k % kw]);
  const slices = offsets.map(([i, j]) =>
    b.op('Slice', [
      xp,
      b.int64s([i, j]),
      b.int64s([i + kh * (oh - 1) + 1, j + kw * (ow - 1) + 1]),
      b.int64s([1, 2]),
      b.int64s([kh, kw]),
    ]),
  );
  const max = slices.length === 1 ? slices[0] : b.op('Max', slices);
  const zero = b.floatScalar(0);
  let free: string | undefined; // windows whose maximum has not been claimed yet
  const grads = slices.map((s, k) => {
    const hit = b.op('Equal', [s, max]);
    const first = free ? b.op('And', [hit, free]) : hit;
    if (k < slices.length - 1) free = free ? b.op('And', [free, b.op('Not', [hit])]) : b.op('Not', [hit]);
    return b.reshape(b.op('Where', [first, x[2].name, zero]), [batch, oh, 1, ow, 1, c]);
  });
  const rows = Array.from({ length: kh }, (_, i) => {
    const row = grads.slice(i * kw, (i + 1) * kw);
    return row.length === 1 ? row[0] : b.op('Concat', row, [attr.int('axis', 4)]);
  });
  const windows = rows.length === 1 ? rows[0] : b.op('Concat', rows, [attr.int('axis', 2)]);
  const tiled = b.reshape(windows, [batch, oh * kh, ow * kw, c]);
  // Back to x's frame: x rows [0, rh) are tiled rows [pt, pt + rh); unread trailing rows get 0.
  const [rh, rw] = [Math.min(h, oh * kh - pt), Math.min(w, ow * kw - pl)];
  const cropped =
    pt || pl || oh * kh - pt > rh || ow * kw - pl > rw
      ? b.op('Slice', [tiled, b.int64s([pt, pl]), b.int64s([pt + rh, pl + rw]), b.int64s([1, 2])])
      : tiled;
  return padHW(b, cropped, [0, 0, h - rh, w - rw]);
}

/**
 * General windows: MaxPool's Indices output is the flat NCHW position of each window's first
 * maximum; a scatter-add of dy into zeros at those positions routes the gradient like TF.
 */
function scatterPoolGrad(
  b: GraphBuilder,
  node: Extract<Node, { op: 'MaxPoolGrad' }>,
  x: readonly Operand[],
): string {
  const [, h, w] = x[0].shape;
  const { poolSize, strides, padding } = node.attrs;
  const xt = b.transpose(x[0].name, TO_NCHW);
  const [, indices] = b.nodeN('MaxPool', [xt], 2, [
    attr.ints('kernel_shape', poolSize),
    attr.ints('pads', pads2d(h, w, poolSize, strides, padding)),
    attr.ints('strides', strides),
  ]);
  const shape = x[0].shape.includes(BATCH)
    ? b.op('Shape', [xt])
    : b.int64s(TO_NCHW.map((p) => x[0].shape[p]));
  const zeros = b.op('ConstantOfShape', [shape], [attr.tensor('value', floatTensor(undefined, [1], [0]))]);
  const dyFlat = b.reshape(b.transpose(x[2].name, TO_NCHW), [-1]);
  const scattered = b.op(
    'ScatterElements',
    [b.reshape(zeros, [-1]), b.reshape(indices, [-1]), dyFlat],
    [attr.int('axis', 0), attr.string('reduction', 'add')],
  );
  return b.transpose(b.op('Reshape', [scattered, shape]), TO_NHWC);
}
