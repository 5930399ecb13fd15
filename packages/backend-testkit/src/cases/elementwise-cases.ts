import { ops, type Tensor } from '@a3/core';
import type { RandomTensorOptions } from '../check/random-tensor';
import type { InputSpec, PrimitiveCase } from './case';

type BinaryOp = 'Add' | 'Sub' | 'Mul' | 'Div' | 'Pow' | 'Maximum' | 'Minimum';
const BINARY_FN: Record<BinaryOp, (a: Tensor, b: Tensor) => Tensor> = {
  Add: ops.add,
  Sub: ops.sub,
  Mul: ops.mul,
  Div: ops.div,
  Pow: ops.pow,
  Maximum: ops.maximum,
  Minimum: ops.minimum,
};

/** Value ranges that keep each op well-conditioned (positive bases for Pow, no 0 divisors). */
function operandGen(op: BinaryOp): [RandomTensorOptions, RandomTensorOptions] {
  if (op === 'Pow')
    return [
      { min: 0.5, max: 2 },
      { min: -2, max: 2 },
    ];
  if (op === 'Div')
    return [
      { min: -2, max: 2 },
      { min: -2, max: 2, minAbs: 0.5 },
    ];
  return [
    { min: -2, max: 2 },
    { min: -2, max: 2 },
  ];
}

/** Broadcasting patterns: same shape, scalar, [N,1]×[1,K], rank difference, static. */
const PATTERNS: readonly { label: string; a: number[]; b: number[] }[] = [
  { label: '[N,4] vs [N,4]', a: [-1, 4], b: [-1, 4] },
  { label: '[N,3] vs scalar []', a: [-1, 3], b: [] },
  { label: '[N,1] vs [1,5]', a: [-1, 1], b: [1, 5] },
  { label: '[N,2,3] vs [3] (rank difference)', a: [-1, 2, 3], b: [3] },
  { label: '[3] vs [N,2,3] (rank difference, left)', a: [3], b: [-1, 2, 3] },
  { label: '[2,3] vs [2,1] static', a: [2, 3], b: [2, 1] },
  { label: '[1,1] vs [1,1] size-1 dims', a: [1, 1], b: [1, 1] },
  { label: '[] vs [] rank 0', a: [], b: [] },
];

function binaryCases(): PrimitiveCase[] {
  const out: PrimitiveCase[] = [];
  for (const op of Object.keys(BINARY_FN) as BinaryOp[]) {
    const [ga, gb] = operandGen(op);
    for (const p of PATTERNS) {
      out.push({
        name: `${op} ${p.label}`,
        op,
        inputs: { a: { shape: p.a, gen: ga }, b: { shape: p.b, gen: gb } },
        build: ({ a, b }) => BINARY_FN[op](a, b),
      });
    }
    const constant = op === 'Pow' ? 1.5 : op === 'Div' ? -0.75 : 0.25;
    out.push({
      name: `${op} with a number operand (Const)`,
      op,
      inputs: { a: { shape: [-1, 3], gen: ga } },
      build: ({ a }) => BINARY_FN[op](a, a.graph.constant(constant)),
    });
  }
  return out;
}

type UnaryOp = 'Neg' | 'Abs' | 'Exp' | 'Log' | 'Sqrt' | 'Square' | 'Relu' | 'Sigmoid' | 'Tanh';
const UNARY_FN: Record<UnaryOp, (x: Tensor) => Tensor> = {
  Neg: ops.neg,
  Abs: ops.abs,
  Exp: ops.exp,
  Log: ops.log,
  Sqrt: ops.sqrt,
  Square: ops.square,
  Relu: ops.relu,
  Sigmoid: ops.sigmoid,
  Tanh: ops.tanh,
};

function unaryCases(): PrimitiveCase[] {
  const out: PrimitiveCase[] = [];
  const positive = (op: string) => op === 'Log' || op === 'Sqrt';
  const shapes: readonly { label: string; shape: number[] }[] = [
    { label: '[N,3,2]', shape: [-1, 3, 2] },
    { label: '[] rank 0', shape: [] },
  ];
  for (const op of Object.keys(UNARY_FN) as UnaryOp[]) {
    for (const s of shapes) {
      const gen: RandomTensorOptions = positive(op) ? { min: 0.05, max: 4 } : { min: -4, max: 4 };
      out.push({
        name: `${op} ${s.label}`,
        op,
        inputs: { x: { shape: s.shape, gen } },
        build: ({ x }) => UNARY_FN[op](x),
      });
    }
  }
  for (const alpha of [0.2, 0.01]) {
    out.push({
      name: `LeakyRelu alpha ${alpha} [N,5]`,
      op: 'LeakyRelu',
      inputs: { x: { shape: [-1, 5], gen: { min: -3, max: 3 } } },
      build: ({ x }) => ops.leakyRelu(x, alpha),
    });
  }
  out.push({
    name: 'Sigmoid and Exp at large magnitudes',
    op: 'Sigmoid',
    inputs: { x: { shape: [-1, 4], gen: { min: -30, max: 30 } } },
    build: ({ x }) => ({ sig: ops.sigmoid(x), tanh: ops.tanh(x), exp: ops.exp(ops.mul(x, 0.5)) }),
  });
  return out;
}

const ints: RandomTensorOptions = { min: 0, max: 3, integers: true };

function logicCases(): PrimitiveCase[] {
  const cmp = { Greater: ops.greater, Less: ops.less, Equal: ops.equal } as const;
  const out: PrimitiveCase[] = [];
  for (const op of ['Greater', 'Less', 'Equal'] as const) {
    out.push(
      {
        name: `${op} [N,3] vs [1,3] (integer-valued floats, ties included) → bool`,
        op,
        inputs: { a: { shape: [-1, 3], gen: ints }, b: { shape: [1, 3], gen: ints } },
        build: ({ a, b }) => cmp[op](a, b),
      },
      {
        name: `${op} int32 [N,4] vs scalar → bool`,
        op,
        inputs: {
          a: { shape: [-1, 4], dtype: 'int32', gen: { min: 0, max: 3 } },
          b: { shape: [], dtype: 'int32', gen: { min: 0, max: 3 } },
        },
        build: ({ a, b }) => cmp[op](a, b),
      },
    );
  }
  const c: InputSpec = { shape: [-1, 3], dtype: 'bool' };
  out.push(
    {
      name: 'Where bool [N,3] ? [N,3] : scalar',
      op: 'Where',
      inputs: { c, a: { shape: [-1, 3] }, b: { shape: [] } },
      build: ({ c: cond, a, b }) => ops.where(cond, a, b),
    },
    {
      name: 'Where [N,1] condition broadcast over [1,4] and [N,4]',
      op: 'Where',
      inputs: { c: { shape: [-1, 1], dtype: 'bool' }, a: { shape: [1, 4] }, b: { shape: [-1, 4] } },
      build: ({ c: cond, a, b }) => ops.where(cond, a, b),
    },
    {
      name: 'Where on a comparison, int32 branches',
      op: 'Where',
      inputs: {
        x: { shape: [-1, 3] },
        a: { shape: [-1, 3], dtype: 'int32' },
        b: { shape: [3], dtype: 'int32' },
      },
      build: ({ x, a, b }) => ops.where(ops.greater(x, 0), a, b),
    },
  );
  const castFrom: readonly { from: 'float32' | 'int32' | 'bool'; gen?: RandomTensorOptions }[] = [
    { from: 'float32', gen: { min: -3, max: 3 } },
    { from: 'int32', gen: { min: -2, max: 3 } },
    { from: 'bool' },
  ];
  for (const { from, gen } of castFrom) {
    for (const to of ['float32', 'int32', 'bool'] as const) {
      if (from === to && from !== 'float32') continue;
      out.push({
        name: `Cast ${from} → ${to}${from === 'float32' && to !== 'bool' ? ' (truncates toward 0)' : ''}`,
        op: 'Cast',
        inputs: { x: { shape: [-1, 4], dtype: from, gen } },
        // A float32 → float32 Cast is the identity; ops.cast elides it, so build the node directly.
        build: ({ x }, g) => (from === to ? g.addNode('Cast', [x], { to }) : ops.cast(x, to)),
      });
    }
  }
  out.push({
    name: 'Cast float32 → bool with exact zeros',
    op: 'Cast',
    inputs: { x: { shape: [-1, 5], gen: { min: -1, max: 2, integers: true } } },
    build: ({ x }) => ops.cast(x, 'bool'),
  });
  return out;
}

function fillCases(): PrimitiveCase[] {
  return [
    {
      name: 'FillLike [N,3] value 2.5',
      op: 'FillLike',
      inputs: { x: { shape: [-1, 3] } },
      build: ({ x }) => ops.fillLike(x, 2.5),
    },
    {
      name: 'FillLike of an int32 reference → float32',
      op: 'FillLike',
      inputs: { x: { shape: [2, 2], dtype: 'int32' } },
      build: ({ x }) => ops.fillLike(x, -1),
    },
    {
      name: 'FillLike rank 0',
      op: 'FillLike',
      inputs: { x: { shape: [] } },
      build: ({ x }) => ops.fillLike(x, 7),
    },
    {
      name: 'BroadcastLike [1,3] → [N,3]',
      op: 'BroadcastLike',
      inputs: { x: { shape: [1, 3] }, r: { shape: [-1, 3] } },
      build: ({ x, r }) => ops.broadcastLike(x, r),
    },
    {
      name: 'BroadcastLike scalar → [N,2,2]',
      op: 'BroadcastLike',
      inputs: { x: { shape: [] }, r: { shape: [-1, 2, 2] } },
      build: ({ x, r }) => ops.broadcastLike(x, r),
    },
    {
      name: 'BroadcastLike [N,1] → [N,4]',
      op: 'BroadcastLike',
      inputs: { x: { shape: [-1, 1] }, r: { shape: [-1, 4] } },
      build: ({ x, r }) => ops.broadcastLike(x, r),
    },
    {
      name: 'BroadcastLike int32 [3] → [2,3]',
      op: 'BroadcastLike',
      inputs: { x: { shape: [3], dtype: 'int32' }, r: { shape: [2, 3] } },
      build: ({ x, r }) => ops.broadcastLike(x, r),
    },
  ];
}

export function elementwiseCases(): PrimitiveCase[] {
  return [...binaryCases(), ...unaryCases(), ...logicCases(), ...fillCases()];
}
