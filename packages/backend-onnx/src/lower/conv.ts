import { BATCH, type Node } from '@a3/core';
import { attr, type GraphBuilder } from './builder';
import { pads2d, padHW, TO_NCHW, TO_NHWC } from './layout';
import type { Operand } from './values';

/* Convs run as ONNX NCHW convs between Transposes; ORT's transpose optimiser cancels the
 * back-to-back pairs between layers. */
const HWIO_TO_OIHW = [3, 2, 0, 1];
const HWIO_TO_IOHW = [2, 3, 0, 1];
const INT64_MIN = -9223372036854775808n;
/** Channel ratio from which a conv's narrow side decides its lowering (measured on ORT 1.30 CPU). */
const NARROW_RATIO = 8;

type ConvNode = Extract<Node, { op: 'Conv2D' | 'Conv2DBackpropInput' | 'Conv2DBackpropFilter' }>;

export function lowerConv(b: GraphBuilder, node: ConvNode, x: readonly Operand[]): string {
  switch (node.op) {
    case 'Conv2D': {
      const [, h, w, ci] = x[0].shape;
      const [kh, kw, , co] = x[1].shape;
      const { strides, padding } = node.attrs;
      if (co === 1 && ci >= NARROW_RATIO && strides[0] === 1 && strides[1] === 1)
        return singleChannelConv(b, node, x);
      const y = b.op(
        'Conv',
        [b.transpose(x[0].name, TO_NCHW), b.transpose(x[1].name, HWIO_TO_OIHW)],
        [
          attr.ints('kernel_shape', [kh, kw]),
          attr.ints('strides', strides),
          attr.ints('pads', pads2d(h, w, [kh, kw], strides, padding)),
        ],
      );
      return b.transpose(y, TO_NHWC);
    }
    case 'Conv2DBackpropInput':
      return backpropInput(b, node, x);
    case 'Conv2DBackpropFilter':
      return backpropFilter(b, node, x);
  }
}

function backpropInput(
  b: GraphBuilder,
  node: Extract<Node, { op: 'Conv2DBackpropInput' }>,
  x: readonly Operand[],
): string {
  const [h, w] = node.attrs.inputShape;
  const [, oh, ow] = x[0].shape;
  const [kh, kw] = x[1].shape;
  const { strides, padding } = node.attrs;
  const pads = pads2d(h, w, [kh, kw], strides, padding);
  const dy = b.transpose(x[0].name, TO_NCHW);
  if (strides[0] === 1 && strides[1] === 1) {
    // Stride 1: dx is a plain conv of dy with the filter flipped in space and its in/out
    // channels swapped, padded by k-1-p. ORT's Conv is much faster than its ConvTranspose
    // (col2im) here, above all when the forward conv has few output channels.
    const iohw = b.transpose(x[1].name, HWIO_TO_IOHW);
    const flipped = b.op('Slice', [
      iohw,
      b.int64s([-1, -1]),
      b.int64s([INT64_MIN, INT64_MIN]),
      b.int64s([2, 3]),
      b.int64s([-1, -1]),
    ]);
    const dx = b.op(
      'Conv',
      [dy, flipped],
      [
        attr.ints('kernel_shape', [kh, kw]),
        attr.ints('pads', [kh - 1 - pads[0], kw - 1 - pads[1], kh - 1 - pads[2], kw - 1 - pads[3]]),
        attr.ints('strides', [1, 1]),
      ],
    );
    return b.transpose(dx, TO_NHWC);
  }
  // dx = ConvTranspose(dy) with the forward pads; output_padding adds the trailing rows the
  // forward conv never read (their gradient is 0), so the result has the forward input size.
  const outputPadding = [
    h - (strides[0] * (oh - 1) + kh - pads[0] - pads[2]),
    w - (strides[1] * (ow - 1) + kw - pads[1] - pads[3]),
  ];
  const dx = b.op(
    'ConvTranspose',
    [dy, b.transpose(x[1].name, HWIO_TO_OIHW)],
    [
      attr.ints('kernel_shape', [kh, kw]),
      attr.ints('strides', strides),
      attr.ints('pads', pads),
      attr.ints('output_padding', outputPadding),
    ],
  );
  return b.transpose(dx, TO_NHWC);
}

/**
 * A stride-1 conv to one output channel: Z = x · W[Ci, kh·kw] (one Gemm over all pixels, NHWC),
 * taps moved to the channel axis of NCHW (a transpose of kh·kw channels instead of x's Ci), then
 * y = Σ_{i,j} Z[:, (i,j), p+i, q+j] over the padded Z. ORT's Conv im2cols kh·kw·Ci values per
 * output pixel and multiplies them by a single row: ~2× slower for the conv AE's last layer (16 → 1).
 */
function singleChannelConv(
  b: GraphBuilder,
  node: Extract<Node, { op: 'Conv2D' }>,
  x: readonly Operand[],
): string {
  const [, h, w, ci] = x[0].shape;
  const [kh, kw] = x[1].shape;
  const [n, oh, ow] = node.shape;
  const [pt, pl, pb, pr] = pads2d(h, w, [kh, kw], [1, 1], node.attrs.padding);
  // HWIO with O = 1 is [kh·kw, Ci] in memory.
  const weights = b.transpose(b.reshape(x[1].name, [kh * kw, ci]), [1, 0]);
  const z = b.op(
    'Pad',
    [b.transpose(b.op('MatMul', [x[0].name, weights]), TO_NCHW), b.int64s([0, 0, pt, pl, 0, 0, pb, pr])],
    [attr.string('mode', 'constant')],
  );
  const taps = Array.from({ length: kh * kw }, (_, k) => {
    const [i, j] = [Math.floor(k / kw), k % kw];
    return b.op('Slice', [z, b.int64s([k, i, j]), b.int64s([k + 1, i + oh, j + ow]), b.int64s([1, 2, 3])]);
  });
  // [N, 1, OH, OW] and [N, OH, OW, 1] are the same memory.
  return b.reshape(taps.length === 1 ? taps[0] : b.op('Sum', taps), [n === BATCH ? -1 : n, oh, ow, 1]);
}

/**
 * dW[i,j,:,:] = Σ_{n,p,q} x[n, p·s+i, q·s+j, :]ᵀ · dy[n,p,q,:], one Gemm per kernel offset over a
 * strided slice of the padded input, in NHWC with no transposes. (The textbook alternative, a
 * Conv with dy as an OH×OW "kernel" over the batch as channels, runs through ORT's im2col with
 * a huge kernel: it was the slowest node of a conv auto-encoder step; the whole step takes
 * ~20% less CPU time this way.)
 */
function backpropFilter(
  b: GraphBuilder,
  node: Extract<Node, { op: 'Conv2DBackpropFilter' }>,
  x: readonly Operand[],
): string {
  const [, h, w, ci] = x[0].shape;
  const [, oh, ow, co] = x[1].shape;
  const [kh, kw] = node.attrs.filterShape;
  const { strides, padding } = node.attrs;
  const pads = pads2d(h, w, [kh, kw], strides, padding);
  const unit = strides[0] === 1 && strides[1] === 1;
  if (unit && co === 1 && ci >= NARROW_RATIO) return singleChannelFilterGrad(b, node, x, pads);
  if (co >= NARROW_RATIO * ci) return filterGradShiftedX(b, node, x, pads);
  const xp = padHW(b, x[0].name, pads);
  const dy = b.reshape(x[1].name, [-1, co]);
  const parts: string[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const s = b.op('Slice', [
        xp,
        b.int64s([i, j]),
        b.int64s([i + strides[0] * (oh - 1) + 1, j + strides[1] * (ow - 1) + 1]),
        b.int64s([1, 2]),
        b.int64s(strides),
      ]);
      parts.push(b.op('Gemm', [b.reshape(s, [-1, ci]), dy], [attr.int('transA', 1)]));
    }
  }
  const stacked = parts.length === 1 ? parts[0] : b.op('Concat', parts, [attr.int('axis', 0)]);
  return b.reshape(stacked, [kh, kw, ci, co]);
}

/**
 * Filter gradient of a stride-1 conv to one output channel (16 → 1 in the conv AE): shift dy instead
 * of x. On the padded grid, dW[i,j] = Σ_{n,u,v} dy[n,u−i,v−j] · xp[n,u,v,:] (zero outside dy), so
 * the kh·kw shifted copies of dy, stacked as rows, meet xp in one Gemm that reads xp once. The
 * per-offset Gemms read x kh·kw times and took ~2× as long.
 */
function singleChannelFilterGrad(
  b: GraphBuilder,
  node: Extract<Node, { op: 'Conv2DBackpropFilter' }>,
  x: readonly Operand[],
  pads: readonly number[],
): string {
  const [, h, w, ci] = x[0].shape;
  const [, oh, ow] = x[1].shape;
  const [kh, kw] = node.attrs.filterShape;
  const [hp, wp] = [h + pads[0] + pads[2], w + pads[1] + pads[3]];
  const xp = b.reshape(padHW(b, x[0].name, pads), [-1, ci]);
  // dy as [1, N, OH, OW] padded by the kernel size, so every shift is a slice and rows stack on axis 0.
  const dyp = b.op(
    'Pad',
    [b.reshape(x[1].name, [1, -1, oh, ow]), b.int64s([0, 0, kh - 1, kw - 1, 0, 0, kh - 1, kw - 1])],
    [attr.string('mode', 'constant')],
  );
  const shifted = Array.from({ length: kh * kw }, (_, k) => {
    const [i, j] = [kh - 1 - Math.floor(k / kw), kw - 1 - (k % kw)];
    return b.op('Slice', [dyp, b.int64s([i, j]), b.int64s([i + hp, j + wp]), b.int64s([2, 3])]);
  });
  const d = shifted.length === 1 ? shifted[0] : b.op('Concat', shifted, [attr.int('axis', 0)]);
  // [kh·kw, Ci] is HWIO's memory order with O = 1.
  return b.reshape(b.op('Gemm', [b.reshape(d, [kh * kw, -1]), xp]), [kh, kw, ci, 1]);
}

/**
 * Filter gradient when x has far fewer channels than dy (1 → 16 in the conv AE's first layer):
 * im2col of x in NCHW, [N, kh·kw·Ci, OH·OW] from strided slices, times dy as [N, OH·OW, Co] in one
 * batched MatMul, then a sum over the batch. The per-offset Gemms read dy kh·kw times (~2.5× slower;
 * a single 2-D Gemm over the im2col matrix was in between).
 */
function filterGradShiftedX(
  b: GraphBuilder,
  node: Extract<Node, { op: 'Conv2DBackpropFilter' }>,
  x: readonly Operand[],
  pads: readonly number[],
): string {
  const [n, , , ci] = x[0].shape;
  const [, oh, ow, co] = x[1].shape;
  const [kh, kw] = node.attrs.filterShape;
  const { strides } = node.attrs;
  const batch = n === BATCH ? -1 : n;
  const [pt, pl, pb, pr] = pads;
  const xt = b.transpose(x[0].name, TO_NCHW);
  const xp = pads.some((p) => p !== 0)
    ? b.op('Pad', [xt, b.int64s([0, 0, pt, pl, 0, 0, pb, pr])], [attr.string('mode', 'constant')])
    : xt;
  const cols = Array.from({ length: kh * kw }, (_, k) => {
    const [i, j] = [Math.floor(k / kw), k % kw];
    return b.op('Slice', [
      xp,
      b.int64s([i, j]),
      b.int64s([i + strides[0] * (oh - 1) + 1, j + strides[1] * (ow - 1) + 1]),
      b.int64s([2, 3]),
      b.int64s(strides),
    ]);
  });
  const col = cols.length === 1 ? cols[0] : b.op('Concat', cols, [attr.int('axis', 1)]);
  const g = b.op('MatMul', [
    b.reshape(col, [batch, kh * kw * ci, oh * ow]),
    b.reshape(x[1].name, [batch, oh * ow, co]),
  ]);
  const summed = b.op('ReduceSum', [g, b.int64s([0])], [attr.int('keepdims', 0)]);
  return b.reshape(summed, [kh, kw, ci, co]);
}
