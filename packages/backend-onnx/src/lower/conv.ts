import type { Node } from '@a3/core';
import { attr, type GraphBuilder } from './builder';
import { pads2d, padHW, TO_NCHW, TO_NHWC } from './layout';
import type { Operand } from './ops';

/* Convs run as ONNX NCHW convs between Transposes; ORT's transpose optimiser cancels the
 * back-to-back pairs between layers. */
const HWIO_TO_OIHW = [3, 2, 0, 1];
const HWIO_TO_IOHW = [2, 3, 0, 1];
const INT64_MIN = -9223372036854775808n;

type ConvNode = Extract<Node, { op: 'Conv2D' | 'Conv2DBackpropInput' | 'Conv2DBackpropFilter' }>;

export function lowerConv(b: GraphBuilder, node: ConvNode, x: readonly Operand[]): string {
  switch (node.op) {
    case 'Conv2D': {
      const [, h, w] = x[0].shape;
      const [kh, kw] = x[1].shape;
      const { strides, padding } = node.attrs;
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
  const xp = padHW(b, x[0].name, pads2d(h, w, [kh, kw], strides, padding));
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
