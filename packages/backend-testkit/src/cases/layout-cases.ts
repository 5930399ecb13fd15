import { ops, TensorData } from '@a3/core';
import type { PrimitiveCase } from './case';

function reductionCases(): PrimitiveCase[] {
  const fns = { ReduceSum: ops.sum, ReduceMean: ops.mean, ReduceMax: ops.max } as const;
  const axisSets: readonly number[][] = [[1], [2], [1, 2], [0], [0, 2], [0, 1, 2]];
  const out: PrimitiveCase[] = [];
  for (const op of ['ReduceSum', 'ReduceMean', 'ReduceMax'] as const) {
    for (const axes of axisSets) {
      for (const keepDims of [false, true]) {
        out.push({
          name: `${op} [N,3,4] axes [${axes.join(',')}] keepDims ${keepDims}`,
          op,
          inputs: { x: { shape: [-1, 3, 4], gen: { min: -3, max: 3 } } },
          build: ({ x }) => fns[op](x, axes, keepDims),
        });
      }
    }
    out.push({
      name: `${op} negative axis -1 of [2,5]`,
      op,
      inputs: { x: { shape: [2, 5] } },
      build: ({ x }) => fns[op](x, -1),
    });
    out.push({
      name: `${op} of a rank-0 tensor over no axes`,
      op,
      inputs: { x: { shape: [] } },
      build: ({ x }) => fns[op](x, []),
    });
  }
  return out;
}

function shapeCases(): PrimitiveCase[] {
  return [
    {
      name: 'Reshape [N,2,3] → [N,6]',
      op: 'Reshape',
      inputs: { x: { shape: [-1, 2, 3] } },
      build: ({ x }) => ops.reshape(x, [-1, 6]),
    },
    {
      name: 'Reshape [N,6] → [N,3,1,2]',
      op: 'Reshape',
      inputs: { x: { shape: [-1, 6] } },
      build: ({ x }) => ops.reshape(x, [-1, 3, 1, 2]),
    },
    {
      name: 'Reshape static [2,6] → [-1,3] (inferred 4)',
      op: 'Reshape',
      inputs: { x: { shape: [2, 6] } },
      build: ({ x }) => ops.reshape(x, [-1, 3]),
    },
    {
      name: 'Reshape [1] → [] rank 0',
      op: 'Reshape',
      inputs: { x: { shape: [1] } },
      build: ({ x }) => ops.reshape(x, []),
    },
    {
      name: 'Reshape int32 and bool [N,4] → [N,2,2]',
      op: 'Reshape',
      inputs: { i: { shape: [-1, 4], dtype: 'int32' }, b: { shape: [-1, 4], dtype: 'bool' } },
      build: ({ i, b }) => ({ i: ops.reshape(i, [-1, 2, 2]), b: ops.reshape(b, [-1, 2, 2]) }),
    },
    {
      name: 'Transpose [N,2,3] perm [0,2,1]',
      op: 'Transpose',
      inputs: { x: { shape: [-1, 2, 3] } },
      build: ({ x }) => ops.transpose(x, [0, 2, 1]),
    },
    {
      name: 'Transpose [2,3,4] perm [2,0,1]',
      op: 'Transpose',
      inputs: { x: { shape: [2, 3, 4] } },
      build: ({ x }) => ops.transpose(x, [2, 0, 1]),
    },
    {
      name: 'Transpose [N,3] default perm (batch moves to axis 1)',
      op: 'Transpose',
      inputs: { x: { shape: [-1, 3] } },
      build: ({ x }) => ops.transpose(x),
    },
    {
      name: 'Transpose NHWC → NCHW [N,2,3,2]',
      op: 'Transpose',
      inputs: { x: { shape: [-1, 2, 3, 2], dtype: 'int32' } },
      build: ({ x }) => ops.transpose(x, [0, 3, 1, 2]),
    },
    {
      name: 'Concat axis 1 [N,2] + [N,3]',
      op: 'Concat',
      inputs: { a: { shape: [-1, 2] }, b: { shape: [-1, 3] } },
      build: ({ a, b }) => ops.concat([a, b], 1),
    },
    {
      name: 'Concat axis -1 of three rank-3 parts',
      op: 'Concat',
      inputs: { a: { shape: [-1, 2, 1] }, b: { shape: [-1, 2, 3] }, c: { shape: [-1, 2, 2] } },
      build: ({ a, b, c }) => ops.concat([a, b, c], -1),
    },
    {
      name: 'Concat axis 1 (middle) [N,1,3] + [N,2,3]',
      op: 'Concat',
      inputs: { a: { shape: [-1, 1, 3] }, b: { shape: [-1, 2, 3] } },
      build: ({ a, b }) => ops.concat([a, b], 1),
    },
    {
      name: 'Concat axis 0 static [2,3] + [1,3]',
      op: 'Concat',
      inputs: { a: { shape: [2, 3] }, b: { shape: [1, 3] } },
      build: ({ a, b }) => ops.concat([a, b], 0),
    },
    {
      name: 'Concat bool and int32 parts',
      op: 'Concat',
      inputs: {
        a: { shape: [-1, 2], dtype: 'bool' },
        b: { shape: [-1, 1], dtype: 'bool' },
        i: { shape: [2, 2], dtype: 'int32' },
      },
      build: ({ a, b, i }) => ({ b: ops.concat([a, b], 1), i: ops.concat([i, i], 0) }),
    },
    {
      name: 'Slice [N,5] begin [0,1] size [-1,3]',
      op: 'Slice',
      inputs: { x: { shape: [-1, 5] } },
      build: ({ x }) => ops.slice(x, [0, 1], [-1, 3]),
    },
    {
      name: 'Slice [N,5] rest of axis (size -1)',
      op: 'Slice',
      inputs: { x: { shape: [-1, 5] } },
      build: ({ x }) => ops.slice(x, [0, 2], [-1, -1]),
    },
    {
      name: 'Slice [N,4,3] middle axis',
      op: 'Slice',
      inputs: { x: { shape: [-1, 4, 3] } },
      build: ({ x }) => ops.slice(x, [0, 1, 0], [-1, 2, -1]),
    },
    {
      name: 'Slice static [4,3] begin [1,1] size [2,-1]',
      op: 'Slice',
      inputs: { x: { shape: [4, 3] } },
      build: ({ x }) => ops.slice(x, [1, 1], [2, -1]),
    },
    {
      name: 'Slice to an empty axis [3,4] size [0,4]',
      op: 'Slice',
      inputs: { x: { shape: [3, 4] } },
      build: ({ x }) => ops.slice(x, [1, 0], [0, 4]),
    },
    {
      name: 'Pad [N,3] pads [[0,0],[1,2]]',
      op: 'Pad',
      inputs: { x: { shape: [-1, 3] } },
      build: ({ x }) =>
        ops.pad(x, [
          [0, 0],
          [1, 2],
        ]),
    },
    {
      name: 'Pad [2,3,4] on every axis',
      op: 'Pad',
      inputs: { x: { shape: [2, 3, 4] } },
      build: ({ x }) =>
        ops.pad(x, [
          [1, 0],
          [0, 2],
          [2, 1],
        ]),
    },
    {
      name: 'Pad NHWC spatial [N,3,3,2]',
      op: 'Pad',
      inputs: { x: { shape: [-1, 3, 3, 2] } },
      build: ({ x }) =>
        ops.pad(x, [
          [0, 0],
          [1, 1],
          [2, 0],
          [0, 0],
        ]),
    },
    {
      name: 'Pad int32 [N,2]',
      op: 'Pad',
      inputs: { x: { shape: [-1, 2], dtype: 'int32' } },
      build: ({ x }) =>
        ops.pad(x, [
          [0, 0],
          [2, 1],
        ]),
    },
  ];
}

function gatherCases(): PrimitiveCase[] {
  const idx = (rows: number) => ({ shape: [-1], dtype: 'int32' as const, gen: { min: 0, max: rows } });
  return [
    {
      name: 'Gather rows of [5,3] by [N] indices (repeats)',
      op: 'Gather',
      inputs: { x: { shape: [5, 3] }, i: idx(5) },
      build: ({ x, i }) => ops.gather(x, i),
    },
    {
      name: 'Gather repeated constant indices [2,0,2,4,2]',
      op: 'Gather',
      inputs: { x: { shape: [5, 2] } },
      build: ({ x }, g) => ops.gather(x, g.constant(TensorData.int32([5], [2, 0, 2, 4, 2]))),
    },
    {
      name: 'Gather from a 1-D table [6]',
      op: 'Gather',
      inputs: { x: { shape: [6] }, i: idx(6) },
      build: ({ x, i }) => ops.gather(x, i),
    },
    {
      name: 'Gather rows of rank-3 [4,2,3]',
      op: 'Gather',
      inputs: { x: { shape: [4, 2, 3] }, i: idx(4) },
      build: ({ x, i }) => ops.gather(x, i),
    },
    {
      name: 'Gather int32 rows',
      op: 'Gather',
      inputs: { x: { shape: [3, 2], dtype: 'int32', gen: { min: -5, max: 5 } }, i: idx(3) },
      build: ({ x, i }) => ops.gather(x, i),
    },
  ];
}

function matMulCases(): PrimitiveCase[] {
  const out: PrimitiveCase[] = [];
  for (const transposeA of [false, true]) {
    for (const transposeB of [false, true]) {
      const a = transposeA ? [3, 2] : [2, 3];
      const b = transposeB ? [4, 3] : [3, 4];
      out.push({
        name: `MatMul transposeA ${transposeA} transposeB ${transposeB} (static)`,
        op: 'MatMul',
        inputs: { a: { shape: a }, b: { shape: b } },
        build: ({ a: x, b: y }) => ops.matMul(x, y, { transposeA, transposeB }),
      });
      const ab = transposeA ? [5, -1] : [-1, 5];
      const bb = transposeB ? [3, 5] : [5, 3];
      out.push({
        name: `MatMul transposeA ${transposeA} transposeB ${transposeB} with batch rows`,
        op: 'MatMul',
        inputs: { a: { shape: ab }, b: { shape: bb } },
        build: ({ a: x, b: y }) => ops.matMul(x, y, { transposeA, transposeB }),
      });
    }
  }
  out.push({
    name: 'MatMul [N,4]ᵀ × [N,3] (contract over the batch)',
    op: 'MatMul',
    inputs: { a: { shape: [-1, 4] }, b: { shape: [-1, 3] } },
    build: ({ a, b }) => ops.matMul(a, b, { transposeA: true }),
  });
  out.push({
    name: 'MatMul [1,1] × [1,1]',
    op: 'MatMul',
    inputs: { a: { shape: [1, 1] }, b: { shape: [1, 1] } },
    build: ({ a, b }) => ops.matMul(a, b),
  });
  return out;
}

function sourceCases(): PrimitiveCase[] {
  return [
    {
      name: 'Input passed straight to an output',
      op: 'Input',
      inputs: { x: { shape: [-1, 3] } },
      build: ({ x }) => x,
    },
    {
      name: 'Const float32, int32 and bool outputs',
      op: 'Const',
      inputs: {},
      build: (_x, g) => ({
        f: g.constant(TensorData.float32([2, 2], [1.5, -2, 0.25, 3])),
        i: g.constant(TensorData.int32([3], [-1, 0, 7])),
        b: g.constant(TensorData.bool([2], [true, false])),
        s: g.constant(4),
      }),
    },
    {
      name: 'Variable read and combined with an input',
      op: 'Variable',
      inputs: { x: { shape: [-1, 2] } },
      build: ({ x }, g) => {
        const v = g.variable('v', TensorData.float32([2], [0.5, -1.5]));
        return { v, y: ops.add(x, v) };
      },
    },
  ];
}

export function layoutCases(): PrimitiveCase[] {
  return [...reductionCases(), ...shapeCases(), ...gatherCases(), ...matMulCases(), ...sourceCases()];
}
