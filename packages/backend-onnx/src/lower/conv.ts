import { BATCH, type Node, type Padding } from '@a3/core';
import { floatTensor } from '../proto/tensor';
import { attr, type GraphBuilder } from './builder';
import type { Operand } from './ops';

/*
 * The IR is NHWC with HWIO filters (TensorFlow's layout); ONNX convs are NCHW with OIHW
 * filters. Every conv-family op is wrapped in Transposes; ORT's layout optimiser cancels the
 * back-to-back pairs between consecutive convs. TF 'same' padding becomes explicit pads with
 * the odd pixel at the bottom/right (what SAME_UPPER does), computed here from static sizes.
 */
const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];
const HWIO_TO_OIHW = [3, 2, 0, 1];

type ConvNode = Extract<
  Node,
  {
    op:
      | 'Conv2D'
      | 'Conv2DBackpropInput'
      | 'Conv2DBackpropFilter'
      | 'MaxPool2D'
      | 'MaxPoolGrad'
      | 'UpSampling2D';
  }
>;

/** [begin, end] padding of one spatial axis, TF style. */
export function tfPads(size: number, kernel: number, stride: number, padding: Padding): [number, number] {
  if (padding === 'valid') return [0, 0];
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const begin = Math.floor(total / 2);
  return [begin, total - begin];
}

function pads2d(
  h: number,
  w: number,
  k: readonly [number, number],
  s: readonly [number, number],
  p: Padding,
): number[] {
  const [pt, pb] = tfPads(h, k[0], s[0], p);
  const [pl, pr] = tfPads(w, k[1], s[1], p);
  return [pt, pl, pb, pr];
}

export function lowerConvFamily(b: GraphBuilder, node: ConvNode, x: readonly Operand[]): string {
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
    case 'Conv2DBackpropInput': {
      // dx = ConvTranspose(dy) with the forward pads; output_padding adds the trailing rows the
      // forward conv never read (their gradient is 0), so the result has the forward input size.
      const [h, w] = node.attrs.inputShape;
      const [, oh, ow] = x[0].shape;
      const [kh, kw] = x[1].shape;
      const { strides, padding } = node.attrs;
      const pads = pads2d(h, w, [kh, kw], strides, padding);
      const outputPadding = [
        h - (strides[0] * (oh - 1) + kh - pads[0] - pads[2]),
        w - (strides[1] * (ow - 1) + kw - pads[1] - pads[3]),
      ];
      const dx = b.op(
        'ConvTranspose',
        [b.transpose(x[0].name, TO_NCHW), b.transpose(x[1].name, HWIO_TO_OIHW)],
        [
          attr.ints('kernel_shape', [kh, kw]),
          attr.ints('strides', strides),
          attr.ints('pads', pads),
          attr.ints('output_padding', outputPadding),
        ],
      );
      return b.transpose(dx, TO_NHWC);
    }
    case 'Conv2DBackpropFilter': {
      // dW[i,j,ci,co] = Σ_{n,p,q} x[n, p·s+i, q·s+j, ci] · dy[n,p,q,co]: a conv of x (channels ci
      // as the batch, n as channels) with dy (co as output channels, n as input channels),
      // dilated by the forward stride. The result can run past the kernel size (rows the
      // forward conv never reached); slicing drops them.
      const [, h, w] = x[0].shape;
      const [, oh, ow] = x[1].shape;
      const [kh, kw] = node.attrs.filterShape;
      const { strides, padding } = node.attrs;
      const pads = pads2d(h, w, [kh, kw], strides, padding);
      const r = b.op(
        'Conv',
        [b.transpose(x[0].name, [3, 0, 1, 2]), b.transpose(x[1].name, [3, 0, 1, 2])],
        [
          attr.ints('dilations', strides),
          attr.ints('kernel_shape', [oh, ow]),
          attr.ints('pads', pads),
          attr.ints('strides', [1, 1]),
        ],
      );
      const rh = h + pads[0] + pads[2] - strides[0] * (oh - 1);
      const rw = w + pads[1] + pads[3] - strides[1] * (ow - 1);
      const cropped =
        rh === kh && rw === kw
          ? r
          : b.op('Slice', [r, b.int64s([0, 0]), b.int64s([kh, kw]), b.int64s([2, 3])]);
      return b.transpose(cropped, [2, 3, 0, 1]);
    }
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
      // MaxPool's Indices output is the flat NCHW position of each window's (first) maximum;
      // a scatter-add of dy into zeros at those positions routes the gradient like TF does.
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
      const zeros = b.op(
        'ConstantOfShape',
        [shape],
        [attr.tensor('value', floatTensor(undefined, [1], [0]))],
      );
      const flatZeros = b.reshape(zeros, [-1]);
      const dyFlat = b.reshape(b.transpose(x[2].name, TO_NCHW), [-1]);
      const scattered = b.op(
        'ScatterElements',
        [flatZeros, b.reshape(indices, [-1]), dyFlat],
        [attr.int('axis', 0), attr.string('reduction', 'add')],
      );
      return b.transpose(b.op('Reshape', [scattered, shape]), TO_NHWC);
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
