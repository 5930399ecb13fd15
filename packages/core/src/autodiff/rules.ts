import { NotDifferentiableError } from '../errors/errors';
import { Tensor } from '../graph/graph';
import { BATCH, OP_INFO, type Node, type NodeOf, type OpName } from '../graph/ir';
import * as ops from '../graph/ops';
import { TensorData } from '../tensor/tensor-data';

/**
 * One gradient rule per primitive, written in primitives, so every backend gets
 * gradients for free. A rule returns one gradient per input (null: no gradient flows).
 */
export type GradRule<K extends OpName> = (
  node: NodeOf<K>,
  dy: Tensor,
  x: readonly Tensor[],
  y: Tensor,
) => readonly (Tensor | null)[];

/** Sums `dy` over the axes that broadcasting expanded, so the result has `shape`. */
export function sumToShape(dy: Tensor, shape: readonly number[]): Tensor {
  if (dy.shape.join(',') === shape.join(',')) return dy;
  const lead = dy.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < dy.rank; i++) {
    const target = i < lead ? 1 : shape[i - lead];
    if (i < lead || (target === 1 && dy.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length ? ops.sum(dy, axes, true) : dy;
  return summed.shape.join(',') === shape.join(',') ? summed : ops.reshape(summed, shape);
}

function keepDimsShape(x: Tensor, axes: readonly number[]): number[] {
  return x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/** The reduced gradient re-expanded to x's shape. */
function expandReduced(dy: Tensor, x: Tensor, axes: readonly number[]): Tensor {
  return ops.broadcastLike(ops.reshape(dy, keepDimsShape(x, axes)), x);
}

function reducedCount(x: Tensor, axes: readonly number[]): Tensor | number {
  if (axes.some((a) => x.shape[a] === BATCH)) return ops.sum(ops.fillLike(x, 1), axes, true);
  return axes.reduce((n, a) => n * x.shape[a], 1);
}

const mask = (c: Tensor) => ops.cast(c, 'float32');
const unbroadcast = (g: Tensor | null, t: Tensor) => (g ? sumToShape(g, t.shape) : null);
const none = () => {
  return [] as (Tensor | null)[];
};

/** Ops a gradient can flow through and that have inputs: each needs a rule or an explicit null. */
type RuledOp = {
  [K in OpName]: (typeof OP_INFO)[K] extends { kind: 'compute' | 'spatial'; differentiable: true }
    ? K
    : never;
}[OpName];

/**
 * Typed over every differentiable computation (OP_INFO), so a new one does not compile without a
 * rule here; null marks the ones differentiated only once (the conv and pool backprops: a second
 * derivative through them is refused with NotDifferentiableError).
 */
const rules: { [K in RuledOp]: GradRule<K> | null } = {
  Add: (_n, dy, [a, b]) => [unbroadcast(dy, a), unbroadcast(dy, b)],
  Sub: (_n, dy, [a, b]) => [unbroadcast(dy, a), unbroadcast(ops.neg(dy), b)],
  Mul: (_n, dy, [a, b]) => [unbroadcast(ops.mul(dy, b), a), unbroadcast(ops.mul(dy, a), b)],
  Div: (_n, dy, [a, b], y) => [
    unbroadcast(ops.div(dy, b), a),
    unbroadcast(ops.neg(ops.div(ops.mul(dy, y), b)), b),
  ],
  Pow: (_n, dy, [a, b], y) => [
    unbroadcast(ops.mul(dy, ops.mul(b, ops.pow(a, ops.sub(b, 1)))), a),
    unbroadcast(ops.mul(dy, ops.mul(y, ops.log(a))), b),
  ],
  Maximum: (_n, dy, [a, b]) => {
    const toB = mask(ops.less(a, b));
    return [unbroadcast(ops.mul(dy, ops.sub(1, toB)), a), unbroadcast(ops.mul(dy, toB), b)];
  },
  Minimum: (_n, dy, [a, b]) => {
    const toB = mask(ops.greater(a, b));
    return [unbroadcast(ops.mul(dy, ops.sub(1, toB)), a), unbroadcast(ops.mul(dy, toB), b)];
  },
  Neg: (_n, dy) => [ops.neg(dy)],
  Abs: (_n, dy, [x]) => [ops.mul(dy, ops.sub(mask(ops.greater(x, 0)), mask(ops.less(x, 0))))],
  Exp: (_n, dy, _x, y) => [ops.mul(dy, y)],
  Log: (_n, dy, [x]) => [ops.div(dy, x)],
  Sqrt: (_n, dy, _x, y) => [ops.div(ops.mul(dy, 0.5), y)],
  Square: (_n, dy, [x]) => [ops.mul(dy, ops.mul(x, 2))],
  Relu: (_n, dy, [x]) => [ops.mul(dy, mask(ops.greater(x, 0)))],
  LeakyRelu: (n, dy, [x]) => [ops.where(ops.greater(x, 0), dy, ops.mul(dy, n.attrs.alpha))],
  Sigmoid: (_n, dy, _x, y) => [ops.mul(dy, ops.mul(y, ops.sub(1, y)))],
  Tanh: (_n, dy, _x, y) => [ops.mul(dy, ops.sub(1, ops.square(y)))],
  Where: (_n, dy, [c, a, b]) => [
    null,
    unbroadcast(ops.where(c, dy, 0), a),
    unbroadcast(ops.where(c, 0, dy), b),
  ],
  Cast: (n, dy, [x]) => [x.dtype === 'float32' && n.attrs.to === 'float32' ? dy : null],
  BroadcastLike: (_n, dy, [x]) => [sumToShape(dy, x.shape), null],
  MatMul: (n, dy, [a, b]) => {
    const { transposeA: ta, transposeB: tb } = n.attrs;
    const mm = ops.matMul;
    if (!ta && !tb) return [mm(dy, b, { transposeB: true }), mm(a, dy, { transposeA: true })];
    if (ta && !tb) return [mm(b, dy, { transposeB: true }), mm(a, dy)];
    if (!ta && tb) return [mm(dy, b), mm(dy, a, { transposeA: true })];
    return [
      mm(b, dy, { transposeA: true, transposeB: true }),
      mm(dy, a, { transposeA: true, transposeB: true }),
    ];
  },
  ReduceSum: (n, dy, [x]) => [expandReduced(dy, x, n.attrs.axes)],
  ReduceMean: (n, dy, [x]) => [ops.div(expandReduced(dy, x, n.attrs.axes), reducedCount(x, n.attrs.axes))],
  ReduceMax: (n, dy, [x], y) => {
    const hit = mask(ops.equal(x, expandReduced(y, x, n.attrs.axes)));
    const ties = expandReduced(ops.sum(hit, n.attrs.axes, n.attrs.keepDims), x, n.attrs.axes);
    return [ops.div(ops.mul(hit, expandReduced(dy, x, n.attrs.axes)), ties)];
  },
  Reshape: (_n, dy, [x]) => [ops.reshape(dy, x.shape)],
  Transpose: (n, dy) => {
    const inv: number[] = [];
    n.attrs.perm.forEach((p, i) => (inv[p] = i));
    return [ops.transpose(dy, inv)];
  },
  Concat: (n, dy, parts) => {
    let offset = 0;
    return parts.map((p) => {
      const begin = p.shape.map((_, i) => (i === n.attrs.axis ? offset : 0));
      const size = p.shape.map((d, i) => (i === n.attrs.axis ? d : -1));
      offset += p.shape[n.attrs.axis];
      return ops.slice(dy, begin, size);
    });
  },
  Slice: (n, dy, [x]) => [
    ops.pad(
      dy,
      x.shape.map((d, i) => {
        if (d === BATCH) return [0, 0] as const;
        const b = n.attrs.begin[i];
        return [b, d - b - dy.shape[i]] as const;
      }),
    ),
  ],
  Pad: (n, dy, [x]) => [
    ops.slice(
      dy,
      n.attrs.pads.map(([b]) => b),
      x.shape.map((d) => (d === BATCH ? -1 : d)),
    ),
  ],
  Gather: (_n, dy, [x, idx]) => {
    // d/dx of a row gather is a scatter-add, written as onehot(idx)ᵀ · dy.
    const rows = x.shape[0];
    const width = x.shape.slice(1).reduce((p, d) => p * d, 1);
    const range = x.graph.constant(
      TensorData.int32(
        [1, rows],
        Array.from({ length: rows }, (_, i) => i),
      ),
    );
    const onehot = mask(ops.equal(ops.reshape(idx, [-1, 1]), range));
    const dx = ops.matMul(onehot, ops.reshape(dy, [-1, width]), { transposeA: true });
    return [ops.reshape(dx, x.shape), null];
  },
  Conv2D: (n, dy, [x, w]) => [
    ops.conv2dBackpropInput(dy, w, [x.shape[1], x.shape[2], x.shape[3]], n.attrs),
    ops.conv2dBackpropFilter(x, dy, [w.shape[0], w.shape[1], w.shape[2], w.shape[3]], n.attrs),
  ],
  MaxPool2D: (n, dy, [x], y) => [ops.maxPoolGrad(x, y, dy, n.attrs)],
  UpSampling2D: (n, dy, [x]) => {
    // Each input pixel was copied into a sh×sw block: its gradient is the block's sum.
    const [sh, sw] = n.attrs.scale;
    const [b, h, w, c] = x.shape;
    const blocks = ops.reshape(dy, [b === BATCH ? -1 : b, h, sh, w, sw, c]);
    return [ops.sum(blocks, [2, 4])];
  },
  Conv2DBackpropInput: null,
  Conv2DBackpropFilter: null,
  MaxPoolGrad: null,
};

const hasRule = (op: OpName): op is RuledOp => Object.hasOwn(rules, op);

export function gradRule(node: Node): GradRule<OpName> {
  // No gradient flows out of these (comparisons, random draws, shape references).
  if (!OP_INFO[node.op].differentiable) return none;
  const rule = hasRule(node.op) ? (rules[node.op] as GradRule<OpName> | null) : null;
  if (!rule) {
    throw new NotDifferentiableError(
      `No gradient rule for ${node.op} (node #${node.id}); it cannot sit between a loss and a differentiated variable.`,
    );
  }
  return rule;
}
