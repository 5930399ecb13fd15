import { ops, TensorData, type OpName, type Tensor } from '@a3/core';
import type { RandomTensorOptions } from '../check/random-tensor';
import type { GradientCase } from './case';

type Bin = (a: Tensor, b: Tensor) => Tensor;

/** Inputs away from each op's kinks and poles, so finite differences are exact to ~1e-9. */
function binaryGradCases(): GradientCase[] {
  const table: readonly [OpName, Bin, RandomTensorOptions, RandomTensorOptions][] = [
    ['Add', ops.add, {}, {}],
    ['Sub', ops.sub, {}, {}],
    ['Mul', ops.mul, { min: -2, max: 2 }, { min: -2, max: 2 }],
    ['Div', ops.div, { min: -2, max: 2 }, { min: -2, max: 2, minAbs: 0.5 }],
    ['Pow', ops.pow, { min: 0.5, max: 2 }, { min: -1.5, max: 2 }],
  ];
  const out: GradientCase[] = [];
  for (const [op, fn, ga, gb] of table) {
    out.push(
      {
        name: `${op} same shape [N,3]`,
        op,
        inputs: { a: { shape: [-1, 3], gen: ga }, b: { shape: [-1, 3], gen: gb } },
        build: ({ a, b }) => fn(a, b),
      },
      {
        name: `${op} [N,1] vs [1,4] (both broadcast)`,
        op,
        inputs: { a: { shape: [-1, 1], gen: ga }, b: { shape: [1, 4], gen: gb } },
        build: ({ a, b }) => fn(a, b),
      },
      {
        name: `${op} [N,2,3] vs [3] and scalar`,
        op,
        inputs: { a: { shape: [-1, 2, 3], gen: ga }, b: { shape: [3], gen: gb }, s: { shape: [], gen: gb } },
        build: ({ a, b, s }) => fn(fn(a, b), s),
      },
    );
  }
  // Maximum/Minimum: the two sides differ by ≥ 0.2 everywhere (a on the even grid, b on the odd one).
  for (const [op, fn] of [
    ['Maximum', ops.maximum],
    ['Minimum', ops.minimum],
  ] as const) {
    out.push(
      {
        name: `${op} [N,4] vs [N,4] (no ties)`,
        op,
        inputs: {
          a: { shape: [-1, 4], gen: { min: -2, max: 2, integers: true } },
          b: { shape: [-1, 4], gen: { min: -2, max: 2, integers: true } },
        },
        build: ({ a, b }) => fn(ops.mul(a, 0.4), ops.add(ops.mul(b, 0.4), 0.2)),
      },
      {
        name: `${op} [N,3] vs [3] broadcast (no ties)`,
        op,
        inputs: {
          a: { shape: [-1, 3], gen: { min: -2, max: 2, integers: true } },
          b: { shape: [3], gen: { min: -2, max: 2, integers: true } },
        },
        build: ({ a, b }) => fn(ops.mul(a, 0.4), ops.add(ops.mul(b, 0.4), 0.2)),
      },
    );
  }
  return out;
}

function unaryGradCases(): GradientCase[] {
  const kink: RandomTensorOptions = { min: -2, max: 2, minAbs: 0.1 };
  const table: readonly [OpName, (x: Tensor) => Tensor, RandomTensorOptions][] = [
    ['Neg', ops.neg, {}],
    ['Abs', ops.abs, kink],
    ['Exp', ops.exp, { min: -2, max: 2 }],
    ['Log', ops.log, { min: 0.3, max: 3 }],
    ['Sqrt', ops.sqrt, { min: 0.3, max: 3 }],
    ['Square', ops.square, { min: -2, max: 2 }],
    ['Relu', ops.relu, kink],
    ['LeakyRelu', (x) => ops.leakyRelu(x, 0.2), kink],
    ['Sigmoid', ops.sigmoid, { min: -4, max: 4 }],
    ['Tanh', ops.tanh, { min: -3, max: 3 }],
  ];
  return table.map(([op, fn, gen]) => ({
    name: `${op} [N,2,3]`,
    op,
    inputs: { x: { shape: [-1, 2, 3], gen } },
    build: ({ x }) => fn(x),
  }));
}

function otherGradCases(): GradientCase[] {
  const distinct: RandomTensorOptions = { min: -2, distinct: 0.05 };
  const reduce = { ReduceSum: ops.sum, ReduceMean: ops.mean, ReduceMax: ops.max } as const;
  const out: GradientCase[] = [
    {
      name: 'Where [N,3] ? a : b (broadcast b [3])',
      op: 'Where',
      inputs: { c: { shape: [-1, 3], dtype: 'bool' }, a: { shape: [-1, 3] }, b: { shape: [3] } },
      build: ({ c, a, b }) => ops.where(c, a, b),
    },
    {
      name: 'Cast float32 → float32',
      op: 'Cast',
      inputs: { x: { shape: [-1, 3] } },
      build: ({ x }, g) => g.addNode('Cast', [x], { to: 'float32' }),
    },
    {
      name: 'BroadcastLike [1,3] → [N,3]',
      op: 'BroadcastLike',
      inputs: { x: { shape: [1, 3] }, r: { shape: [-1, 3] } },
      wrt: ['x'],
      build: ({ x, r }) => ops.broadcastLike(x, r),
    },
  ];
  for (const transposeA of [false, true]) {
    for (const transposeB of [false, true]) {
      out.push({
        name: `MatMul transposeA ${transposeA} transposeB ${transposeB}`,
        op: 'MatMul',
        inputs: { a: { shape: transposeA ? [4, -1] : [-1, 4] }, b: { shape: transposeB ? [2, 4] : [4, 2] } },
        build: ({ a, b }) => ops.matMul(a, b, { transposeA, transposeB }),
      });
    }
  }
  for (const op of ['ReduceSum', 'ReduceMean', 'ReduceMax'] as const) {
    for (const [axes, keepDims] of [
      [[1], false],
      [[0, 2], true],
      [[0, 1, 2], false],
      [[2], true],
    ] as const) {
      out.push({
        name: `${op} [N,3,4] axes [${axes.join(',')}] keepDims ${keepDims}`,
        op,
        inputs: { x: { shape: [-1, 3, 4], gen: op === 'ReduceMax' ? distinct : {} } },
        build: ({ x }) => reduce[op](x, axes, keepDims),
      });
    }
  }
  out.push(
    {
      name: 'Reshape [N,2,3] → [N,3,2]',
      op: 'Reshape',
      inputs: { x: { shape: [-1, 2, 3] } },
      build: ({ x }) => ops.reshape(x, [-1, 3, 2]),
    },
    {
      name: 'Transpose [N,2,3] perm [2,0,1]',
      op: 'Transpose',
      inputs: { x: { shape: [-1, 2, 3] } },
      build: ({ x }) => ops.transpose(x, [2, 0, 1]),
    },
    {
      name: 'Concat axis 1 of three parts',
      op: 'Concat',
      inputs: { a: { shape: [-1, 1, 2] }, b: { shape: [-1, 3, 2] }, c: { shape: [-1, 2, 2] } },
      build: ({ a, b, c }) => ops.concat([a, b, c], 1),
    },
    {
      name: 'Slice [N,5,3] begin [0,1,1] size [-1,3,-1]',
      op: 'Slice',
      inputs: { x: { shape: [-1, 5, 3] } },
      build: ({ x }) => ops.slice(x, [0, 1, 1], [-1, 3, -1]),
    },
    {
      name: 'Slice static [4,3]',
      op: 'Slice',
      inputs: { x: { shape: [4, 3] } },
      build: ({ x }) => ops.slice(x, [1, 0], [2, 2]),
    },
    {
      name: 'Pad [N,2,3] pads [[0,0],[1,0],[2,1]]',
      op: 'Pad',
      inputs: { x: { shape: [-1, 2, 3] } },
      build: ({ x }) =>
        ops.pad(x, [
          [0, 0],
          [1, 0],
          [2, 1],
        ]),
    },
    {
      name: 'Gather repeated indices (scatter-add)',
      op: 'Gather',
      inputs: { x: { shape: [5, 3] } },
      build: ({ x }, g) => ops.gather(x, g.constant(TensorData.int32([6], [2, 0, 2, 4, 2, 0]))),
    },
    {
      name: 'Gather fed indices [N]',
      op: 'Gather',
      inputs: { x: { shape: [4, 2] }, i: { shape: [-1], dtype: 'int32', gen: { min: 0, max: 4 } } },
      batch: 7,
      build: ({ x, i }) => ops.gather(x, i),
    },
  );
  return out;
}

function convGradCases(): GradientCase[] {
  const out: GradientCase[] = [];
  for (const [strides, padding] of [
    [1, 'same'],
    [2, 'same'],
    [2, 'valid'],
    [1, 'valid'],
  ] as const) {
    out.push({
      name: `Conv2D 5x5x2 kernel 3x3x2x3 stride ${strides} ${padding}`,
      op: 'Conv2D',
      batch: 2,
      inputs: { x: { shape: [-1, 5, 5, 2] }, w: { shape: [3, 3, 2, 3] } },
      build: ({ x, w }) => ops.conv2d(x, w, { strides, padding }),
    });
  }
  const distinct: RandomTensorOptions = { min: -2, distinct: 0.02 };
  for (const [pool, strides, padding] of [
    [2, 2, 'valid'],
    [3, 2, 'same'],
    [2, 1, 'valid'],
  ] as const) {
    out.push({
      name: `MaxPool2D 5x5 pool ${pool} stride ${strides} ${padding}`,
      op: 'MaxPool2D',
      batch: 2,
      inputs: { x: { shape: [-1, 5, 5, 2], gen: distinct } },
      build: ({ x }) => ops.maxPool2d(x, { poolSize: pool, strides, padding }),
    });
  }
  out.push(
    {
      name: 'UpSampling2D scale 2 [N,2,3,2]',
      op: 'UpSampling2D',
      inputs: { x: { shape: [-1, 2, 3, 2] } },
      build: ({ x }) => ops.upSampling2d(x, 2),
    },
    {
      name: 'UpSampling2D scale [3,2] [N,2,2,1]',
      op: 'UpSampling2D',
      inputs: { x: { shape: [-1, 2, 2, 1] } },
      build: ({ x }) => ops.upSampling2d(x, [3, 2]),
    },
  );
  return out;
}

/** One or more finite-difference cases per gradient rule. */
export function gradientCases(): GradientCase[] {
  return [...binaryGradCases(), ...unaryGradCases(), ...otherGradCases(), ...convGradCases()];
}

/** The primitives whose gradient rules the cases above check. */
export const GRADIENT_CHECKED_OPS: readonly OpName[] = [...new Set(gradientCases().map((c) => c.op))];
