import { UnsupportedError, type Node } from '@a3/core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import type { TfModule, TfTensor } from '../tf-module';
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput, upSampling2d } from './conv';
import { maxPool2d, maxPoolGrad } from './pool';
import { randomNormal, randomUniform } from './random';
import type { Kernel, KernelContext, LoweringOptions } from './types';

function matMul(tf: TfModule, ta: boolean, tb: boolean, options: LoweringOptions): Kernel {
  if (options.transposeMatMulOperands && (ta || tb)) {
    return ([a, b]) =>
      tf.matMul((ta ? tf.transpose(a) : a) as Tensor2D, (tb ? tf.transpose(b) : b) as Tensor2D);
  }
  return ([a, b]) => tf.matMul(a as Tensor2D, b as Tensor2D, ta, tb);
}

/**
 * A reduction over no axes (a scalar's "all axes") is the identity; tfjs would treat an
 * empty axis list as "all axes", which agrees, but returning x keeps it a no-op. The
 * interpreter clones a kernel result that is one of its inputs.
 */
function reduce(
  f: (x: TfTensor, axes: number[], keepDims: boolean) => TfTensor,
  axes: readonly number[],
  keepDims: boolean,
): Kernel {
  const list = [...axes];
  return ([x]) => (list.length === 0 ? x : f(x, list, keepDims));
}

/** Binds one node to a tfjs computation. Source ops (Input/Variable/Const) are not kernels. */
export function lowerNode(tf: TfModule, node: Node, options: LoweringOptions, ctx: KernelContext): Kernel {
  switch (node.op) {
    case 'FillLike': {
      const v = node.attrs.value;
      return ([ref]) => tf.fill(ref.shape, v, 'float32');
    }
    case 'BroadcastLike':
      return ([x, ref]) => tf.broadcastTo(x, ref.shape);
    case 'MatMul':
      return matMul(tf, node.attrs.transposeA, node.attrs.transposeB, options);
    case 'Add':
      return ([a, b]) => tf.add(a, b);
    case 'Sub':
      return ([a, b]) => tf.sub(a, b);
    case 'Mul':
      return ([a, b]) => tf.mul(a, b);
    case 'Div':
      return ([a, b]) => tf.div(a, b);
    case 'Pow':
      return ([a, b]) => tf.pow(a, b);
    case 'Maximum':
      return ([a, b]) => tf.maximum(a, b);
    case 'Minimum':
      return ([a, b]) => tf.minimum(a, b);
    case 'Neg':
      return ([x]) => tf.neg(x);
    case 'Abs':
      return ([x]) => tf.abs(x);
    case 'Exp':
      return ([x]) => tf.exp(x);
    case 'Log':
      return ([x]) => tf.log(x);
    case 'Sqrt':
      return ([x]) => tf.sqrt(x);
    case 'Square':
      return ([x]) => tf.square(x);
    case 'Relu':
      return ([x]) => tf.relu(x);
    case 'LeakyRelu': {
      const alpha = node.attrs.alpha;
      return ([x]) => tf.leakyRelu(x, alpha);
    }
    case 'Sigmoid':
      return ([x]) => tf.sigmoid(x);
    case 'Tanh':
      return ([x]) => tf.tanh(x);
    case 'Greater':
      return ([a, b]) => tf.greater(a, b);
    case 'Less':
      return ([a, b]) => tf.less(a, b);
    case 'Equal':
      return ([a, b]) => tf.equal(a, b);
    case 'Where':
      return ([c, a, b]) => tf.where(c, a, b);
    case 'Cast': {
      const to = node.attrs.to;
      // "Non-zero is true" spelled out: wasm's Cast to bool truncates to a byte (0.5 → 0, -2 → 254).
      if (to === 'bool') return ([x]) => tf.notEqual(x, 0);
      return ([x]) => tf.cast(x, to);
    }
    case 'ReduceSum':
      return reduce((x, a, k) => tf.sum(x, a, k), node.attrs.axes, node.attrs.keepDims);
    case 'ReduceMean':
      return reduce((x, a, k) => tf.mean(x, a, k), node.attrs.axes, node.attrs.keepDims);
    case 'ReduceMax':
      return reduce((x, a, k) => tf.max(x, a, k), node.attrs.axes, node.attrs.keepDims);
    case 'Reshape': {
      // tf.reshape infers the one -1 just as the IR defines it.
      const shape = [...node.attrs.shape];
      return ([x]) => tf.reshape(x, shape);
    }
    case 'Transpose': {
      const perm = [...node.attrs.perm];
      return ([x]) => tf.transpose(x, perm);
    }
    case 'Concat': {
      const axis = node.attrs.axis;
      return (parts) => tf.concat(parts as TfTensor[], axis);
    }
    case 'Slice': {
      // tf.slice reads size -1 as "the rest of the axis", like the IR.
      const begin = [...node.attrs.begin];
      const size = [...node.attrs.size];
      return ([x]) => tf.slice(x, begin, size);
    }
    case 'Pad': {
      const pads = node.attrs.pads.map(([a, b]) => [a, b] as [number, number]);
      return ([x]) => tf.pad(x, pads, 0);
    }
    case 'Gather':
      return ([x, indices]) => tf.gather(x, indices, 0);
    case 'Conv2D':
      return conv2d(tf, node);
    case 'Conv2DBackpropInput':
      return conv2dBackpropInput(tf, node, options);
    case 'Conv2DBackpropFilter':
      return conv2dBackpropFilter(tf, node, options);
    case 'MaxPool2D':
      return maxPool2d(tf, node);
    case 'MaxPoolGrad':
      return maxPoolGrad(tf, node, options);
    case 'UpSampling2D':
      return upSampling2d(tf, node);
    case 'RandomNormal':
      return randomNormal(tf, node, ctx);
    case 'RandomUniform':
      return randomUniform(tf, node, ctx);
    case 'Input':
    case 'Variable':
    case 'Const':
      throw new UnsupportedError(
        `${node.op} (node #${node.id}) is a value, not a kernel: the executable supplies it.`,
      );
    default: {
      const op: never = node;
      throw new UnsupportedError(`The tfjs compiler cannot lower op ${(op as Node).op}.`);
    }
  }
}
