import { BATCH, UnsupportedError, type Node } from '@a3/core';
import { floatTensor, onnxType } from '../proto/tensor';
import type { GraphProto } from '../proto/types';
import { attr, GraphBuilder } from './builder';
import { lowerConv } from './conv';
import { lowerPool } from './pool';
import { bindOutputs, graphOf, valueInfo, type Operand } from './values';

const INT64_MAX = 9223372036854775807n;

const isStatic = (shape: readonly number[]) => !shape.includes(BATCH);

/** The runtime shape of `ref` as an int64 vector: a constant when static, else Shape(ref). */
export function shapeOf(b: GraphBuilder, ref: Operand): string {
  return isStatic(ref.shape) ? b.int64s(ref.shape) : b.op('Shape', [ref.name]);
}

/** IR ops that are one ONNX op of the same meaning, with ONNX's name for it. */
const SAME_NAME = {
  Add: 'Add',
  Sub: 'Sub',
  Mul: 'Mul',
  Div: 'Div',
  Pow: 'Pow',
  Maximum: 'Max',
  Minimum: 'Min',
  Neg: 'Neg',
  Abs: 'Abs',
  Exp: 'Exp',
  Log: 'Log',
  Sqrt: 'Sqrt',
  Relu: 'Relu',
  Sigmoid: 'Sigmoid',
  Tanh: 'Tanh',
  Equal: 'Equal',
  Where: 'Where',
} as const satisfies Partial<Record<Node['op'], string>>;

type SameNameNode = Extract<Node, { op: keyof typeof SAME_NAME }>;

const hasSameName = (node: Node): node is SameNameNode => Object.hasOwn(SAME_NAME, node.op);

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** One branch of a scalar-condition Where: `pick` broadcast to the output's shape. */
function whereBranch(b: GraphBuilder, tag: string, pick: Operand, other: Operand, node: Node): GraphProto {
  const sub = new GraphBuilder(`${b.fresh(tag)}/`);
  const value = sameShape(pick.shape, node.shape)
    ? sub.op('Identity', [pick.name])
    : // Expand broadcasts both ways: pick to broadcast(pick, other), the output's shape.
      sub.op('Expand', [pick.name, shapeOf(sub, other)]);
  const out = sub.fresh('out');
  bindOutputs(sub, [{ name: out, value }]);
  return graphOf(sub, tag, [], [valueInfo(out, node.dtype, node.shape)]);
}

/**
 * `where` with a scalar condition over tensors (a NaN guard's `where(ok, grad, 0)`) as an ONNX
 * `If` whose branches copy or broadcast the chosen side: ORT's Where kernel takes the
 * broadcasting path (~4× a Mul per element) where a branch is a plain copy.
 */
function lowerScalarWhere(b: GraphBuilder, node: Node, x: readonly Operand[]): string {
  const [cond, a, c] = x;
  return b.op(
    'If',
    [cond.name],
    [
      attr.graph('then_branch', whereBranch(b, 'then', a, c, node)),
      attr.graph('else_branch', whereBranch(b, 'else', c, a, node)),
    ],
  );
}

const BROADCASTING: ReadonlySet<Node['op']> = new Set([
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Pow',
  'Maximum',
  'Minimum',
  'Equal',
  'Greater',
  'Less',
  'Where',
]);

/** How many trailing size-1 axes of a broadcasting node's output can be dropped (at least one axis stays). */
function trailingUnitAxes(node: Node, x: readonly Operand[]): number {
  if (!BROADCASTING.has(node.op) || x.every((o) => sameShape(o.shape, node.shape))) return 0;
  let k = 0;
  while (k < node.shape.length - 1 && node.shape[node.shape.length - 1 - k] === 1) k++;
  return k;
}

/**
 * A broadcasting op whose output ends in size-1 axes, computed without them: ORT's broadcast
 * kernels walk the output in spans of the trailing axes, and a trailing unit axis makes every span
 * one element — [N,28,28,1] + scalar took ~1.5 ms at N = 256, [N,28,28] + scalar 0.03 ms.
 * (Operands broadcast right-aligned, so each one's trailing axes there are 1 or absent.)
 */
function withoutTrailingUnits(b: GraphBuilder, node: Node, x: readonly Operand[], k: number): string {
  const drop = (shape: readonly number[]) => shape.slice(0, Math.max(0, shape.length - k));
  const inner = x.map((o) => {
    const shape = drop(o.shape);
    return { ...o, shape, name: shape.length === o.shape.length ? o.name : lowerReshape(b, shape, o) };
  });
  const shape = drop(node.shape);
  const y = lowerNode(b, { ...node, shape } as Node, inner);
  return lowerReshape(b, node.shape, { name: y, shape, dtype: node.dtype });
}

/**
 * Emits the ONNX nodes for one IR node (all but Input/Variable/Const, which the graph
 * lowering binds to graph inputs and initializers) and returns the name of its result.
 */
export function lowerNode(b: GraphBuilder, node: Node, x: readonly Operand[]): string {
  const units = trailingUnitAxes(node, x);
  if (units > 0) return withoutTrailingUnits(b, node, x, units);
  const names = x.map((o) => o.name);
  if (node.op === 'Where' && x[0].shape.length === 0 && node.shape.length > 0)
    return lowerScalarWhere(b, node, x);
  if (hasSameName(node)) return b.op(SAME_NAME[node.op], names);
  switch (node.op) {
    case 'Square':
      return b.op('Mul', [names[0], names[0]]);
    case 'LeakyRelu':
      return b.op('LeakyRelu', names, [attr.float('alpha', node.attrs.alpha)]);
    case 'Greater':
    case 'Less': {
      // ONNX Greater/Less have no bool kernel: compare bools as int32.
      const ins =
        x[0].dtype === 'bool'
          ? names.map((n) => b.op('Cast', [n], [attr.int('to', onnxType('int32'))]))
          : names;
      return b.op(node.op, ins);
    }
    case 'Cast':
      return b.op('Cast', names, [attr.int('to', onnxType(node.attrs.to))]);
    case 'MatMul': {
      const { transposeA, transposeB } = node.attrs;
      if (!transposeA && !transposeB) return b.op('MatMul', names);
      // Gemm reads transposed operands in place; no Transpose node and no copy.
      return b.op('Gemm', names, [
        attr.int('transA', transposeA ? 1 : 0),
        attr.int('transB', transposeB ? 1 : 0),
      ]);
    }
    case 'ReduceSum':
    case 'ReduceMean':
    case 'ReduceMax': {
      const { axes, keepDims } = node.attrs;
      if (axes.length === 0) return b.op('Identity', names);
      // ORT reduces adjacent axes fast and scattered ones (e.g. [2, 4], the up-sampling
      // gradient) with a slow generic loop: reduce each run of adjacent axes in turn.
      const runs = axes.reduce<number[][]>((acc, a) => {
        const last = acc[acc.length - 1];
        if (last && last[last.length - 1] === a - 1) last.push(a);
        else acc.push([a]);
        return acc;
      }, []);
      if (runs.length === 1) {
        if (node.op === 'ReduceSum' && leadingRunOverSmallBlock(x[0].shape, axes))
          return sumLeadingRun(b, node.shape, x[0], axes.length);
        return b.op(node.op, [names[0], b.int64s(axes)], [attr.int('keepdims', keepDims ? 1 : 0)]);
      }
      let r = names[0];
      const shape = [...x[0].shape];
      for (const run of runs) {
        r = reduceRun(b, node.op, r, shape, run);
        for (const a of run) shape[a] = 1;
      }
      return keepDims ? r : lowerReshape(b, node.shape, { name: r, shape: [], dtype: 'float32' });
    }
    case 'FillLike': {
      const value = attr.tensor('value', floatTensor(undefined, [1], [node.attrs.value]));
      return b.op('ConstantOfShape', [shapeOf(b, x[0])], [value]);
    }
    case 'BroadcastLike':
      return b.op('Expand', [names[0], shapeOf(b, x[1])]);
    case 'Reshape':
      return lowerReshape(b, node.shape, x[0]);
    case 'Transpose':
      return b.op('Transpose', names, [attr.ints('perm', node.attrs.perm)]);
    case 'Concat':
      return b.op('Concat', names, [attr.int('axis', node.attrs.axis)]);
    case 'Slice': {
      const axes: number[] = [];
      const starts: number[] = [];
      const ends: (number | bigint)[] = [];
      node.attrs.begin.forEach((begin, i) => {
        const size = node.attrs.size[i];
        if (begin === 0 && (size === -1 || size === x[0].shape[i])) return; // whole axis
        axes.push(i);
        starts.push(begin);
        ends.push(size === -1 ? INT64_MAX : begin + size);
      });
      if (axes.length === 0) return b.op('Identity', names);
      return b.op('Slice', [names[0], b.int64s(starts), b.int64s(ends), b.int64s(axes)]);
    }
    case 'Pad': {
      const pads = node.attrs.pads;
      if (pads.every(([p, q]) => p === 0 && q === 0)) return b.op('Identity', names);
      return b.op(
        'Pad',
        [names[0], b.int64s([...pads.map((p) => p[0]), ...pads.map((p) => p[1])])],
        [attr.string('mode', 'constant')],
      );
    }
    case 'Gather':
      return b.op('Gather', names, [attr.int('axis', 0)]);
    case 'RandomNormal':
    case 'RandomUniform':
      return lowerRandom(b, node, x);
    case 'Conv2D':
    case 'Conv2DBackpropInput':
    case 'Conv2DBackpropFilter':
      return lowerConv(b, node, x);
    case 'MaxPool2D':
    case 'MaxPoolGrad':
    case 'UpSampling2D':
      return lowerPool(b, node, x);
    case 'Input':
    case 'Variable':
    case 'Const':
      throw new UnsupportedError(
        `${node.op} (node #${node.id}) is a value, not a computation: the graph lowering binds it.`,
      );
    default: {
      const unhandled: never = node;
      throw new UnsupportedError(`The onnx backend cannot lower ${(unhandled as Node).op}.`);
    }
  }
}

/** Largest kept trailing block (elements) for which summing the batch axis first is measured faster. */
const SMALL_BLOCK = 256;

/** A sum over leading axes [0, k) (k ≥ 2) that keeps a small static trailing block, e.g. a conv bias gradient. */
function leadingRunOverSmallBlock(shape: readonly number[], axes: readonly number[]): boolean {
  const rest = shape.slice(1);
  const inner = shape.slice(axes.length).reduce((p, d) => p * d, 1);
  return (
    axes.length >= 2 && axes[0] === 0 && isStatic(rest) && rest.every((d) => d > 0) && inner <= SMALL_BLOCK
  );
}

/**
 * Σ over axes [0, k) in two steps: the batch axis of [N, rest] first, then the remaining leading
 * axes of the (small) result. ORT reduces [N, H, W, C] over [0, 1, 2] with C = 16 ~10× slower
 * than the two steps together (7.9 vs 0.6 ms at [256, 28, 28, 16], 2 threads).
 */
function sumLeadingRun(b: GraphBuilder, shape: readonly number[], x: Operand, k: number): string {
  const rest = x.shape.slice(1);
  const inner = x.shape.slice(k).reduce((p, d) => p * d, 1);
  const sum0 = (v: string) => b.op('ReduceSum', [v, b.int64s([0])], [attr.int('keepdims', 0)]);
  const first = sum0(b.reshape(x.name, [-1, rest.reduce((p, d) => p * d, 1)]));
  return lowerReshape(b, shape, { name: sum0(b.reshape(first, [-1, inner])), shape: [], dtype: x.dtype });
}

/**
 * Reduces one run of adjacent axes, keeping dims. A sum over one short axis above a short
 * contiguous block (e.g. [.., 2, 16] in the up-sampling gradient) is ORT's slowest reduce
 * case; there, adding the few slices is several times faster.
 */
function reduceRun(
  b: GraphBuilder,
  op: string,
  x: string,
  shape: readonly number[],
  run: readonly number[],
): string {
  const inner = shape.slice(run[run.length - 1] + 1).reduce((p, d) => p * d, 1);
  const k = shape[run[0]];
  if (op === 'ReduceSum' && run.length === 1 && k > 0 && k <= 4 && inner > 0 && inner <= 64) {
    const parts = Array.from({ length: k }, (_, i) =>
      b.op('Slice', [x, b.int64s([i]), b.int64s([i + 1]), b.int64s([run[0]])]),
    );
    return parts.reduce((acc, p) => b.op('Add', [acc, p]));
  }
  return b.op(op, [x, b.int64s(run)], [attr.int('keepdims', 1)]);
}

/**
 * Reshape to the node's inferred shape: -1 marks the batch (ONNX infers it). ONNX reads a 0
 * in the target as "copy this input dimension" unless allowzero=1, and allowzero forbids -1,
 * so a target with a real 0 is only written when the shape is otherwise static.
 */
function lowerReshape(b: GraphBuilder, shape: readonly number[], x: Operand): string {
  if (shape.includes(0)) {
    if (shape.includes(BATCH)) {
      throw new UnsupportedError(
        'onnx backend: Reshape to a shape with both a zero-size dimension and the batch is not supported.',
      );
    }
    return b.op('Reshape', [x.name, b.int64s(shape)], [attr.int('allowzero', 1)]);
  }
  return b.reshape(x.name, shape);
}

/**
 * ORT's random kernels keep their generator in the kernel: with a `seed` each session replays
 * the same sequence and every run draws fresh values, which is the IR's contract.
 */
function lowerRandom(
  b: GraphBuilder,
  node: Extract<Node, { op: 'RandomNormal' | 'RandomUniform' }>,
  x: readonly Operand[],
): string {
  const a = node.attrs;
  const dist =
    node.op === 'RandomNormal'
      ? [attr.float('mean', node.attrs.mean), attr.float('scale', node.attrs.std)]
      : [attr.float('low', node.attrs.min), attr.float('high', node.attrs.max)];
  const common = [attr.int('dtype', onnxType('float32')), ...dist, attr.float('seed', a.seed)];
  if (a.shape) return b.op(node.op, [], [attr.ints('shape', a.shape), ...common]);
  return b.op(`${node.op}Like`, [x[0].name], common);
}
