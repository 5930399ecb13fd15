import { describe, expect, it } from 'vitest';
import { convOutSize, gradients, Graph, ops, planRun, SPATIAL_OPS, TensorData, type Padding } from '@a3/core';
import { expectClose, ranOps, runOnce, values } from '../testing/run';
import { tfPads } from './layout';
import { buildStepModel } from './step-model';

/* Float64 NHWC references written from the TF definitions, independent of the lowering. */

type Shape4 = [number, number, number, number];
const at = (s: Shape4, n: number, h: number, w: number, c: number) => ((n * s[1] + h) * s[2] + w) * s[3] + c;

function convRef(
  x: number[],
  xs: Shape4,
  f: number[],
  fs: Shape4,
  strides: [number, number],
  padding: Padding,
) {
  const [n, h, w] = xs;
  const [kh, kw, ci, co] = fs;
  const oh = convOutSize(h, kh, strides[0], padding);
  const ow = convOutSize(w, kw, strides[1], padding);
  const [pt] = tfPads(h, kh, strides[0], padding);
  const [pl] = tfPads(w, kw, strides[1], padding);
  const ys: Shape4 = [n, oh, ow, co];
  const y = new Array<number>(n * oh * ow * co).fill(0);
  for (let b = 0; b < n; b++)
    for (let p = 0; p < oh; p++)
      for (let q = 0; q < ow; q++)
        for (let o = 0; o < co; o++) {
          let s = 0;
          for (let i = 0; i < kh; i++)
            for (let j = 0; j < kw; j++) {
              const r = p * strides[0] + i - pt;
              const c = q * strides[1] + j - pl;
              if (r < 0 || r >= h || c < 0 || c >= w) continue;
              for (let k = 0; k < ci; k++) s += x[at(xs, b, r, c, k)] * f[((i * kw + j) * ci + k) * co + o];
            }
          y[at(ys, b, p, q, o)] = s;
        }
  return { y, ys };
}

function poolRef(
  x: number[],
  xs: Shape4,
  k: [number, number],
  strides: [number, number],
  padding: Padding,
  dy?: number[],
) {
  const [n, h, w, c] = xs;
  const oh = convOutSize(h, k[0], strides[0], padding);
  const ow = convOutSize(w, k[1], strides[1], padding);
  const [pt] = tfPads(h, k[0], strides[0], padding);
  const [pl] = tfPads(w, k[1], strides[1], padding);
  const y: number[] = [];
  const dx = new Array<number>(x.length).fill(0);
  for (let b = 0; b < n; b++)
    for (let p = 0; p < oh; p++)
      for (let q = 0; q < ow; q++)
        for (let ch = 0; ch < c; ch++) {
          let best = -Infinity;
          let arg = -1;
          for (let i = 0; i < k[0]; i++)
            for (let j = 0; j < k[1]; j++) {
              const r = p * strides[0] + i - pt;
              const cc = q * strides[1] + j - pl;
              if (r < 0 || r >= h || cc < 0 || cc >= w) continue;
              const v = x[at(xs, b, r, cc, ch)];
              if (v > best) [best, arg] = [v, at(xs, b, r, cc, ch)];
            }
          if (dy) dx[arg] += dy[y.length];
          y.push(best);
        }
  return { y, dx, ys: [n, oh, ow, c] as Shape4 };
}

/** d/dθ Σ conv(x, f)·R by central differences of the float64 reference (exact: conv is linear). */
function numericGrad(
  which: 'x' | 'f',
  x: number[],
  xs: Shape4,
  f: number[],
  fs: Shape4,
  R: number[],
  s: [number, number],
  p: Padding,
) {
  const theta = which === 'x' ? x : f;
  return theta.map((_, i) => {
    const plus = [...theta];
    const minus = [...theta];
    plus[i] += 0.5;
    minus[i] -= 0.5;
    const val = (t: number[]) => {
      const { y } = which === 'x' ? convRef(t, xs, f, fs, s, p) : convRef(x, xs, t, fs, s, p);
      return y.reduce((acc, v, k) => acc + v * R[k], 0);
    };
    return val(plus) - val(minus);
  });
}

const CASES: [string, Shape4, Shape4, [number, number], Padding][] = [
  ['3x3 stride 1 same', [2, 5, 5, 2], [3, 3, 2, 3], [1, 1], 'same'],
  ['3x3 stride 2 same, odd size', [2, 5, 5, 2], [3, 3, 2, 3], [2, 2], 'same'],
  ['3x3 stride 2 same, even size', [1, 6, 6, 2], [3, 3, 2, 2], [2, 2], 'same'],
  ['3x3 stride 2 valid, unread rows', [1, 6, 6, 1], [3, 3, 1, 2], [2, 2], 'valid'],
  ['1x1 stride 2 same, even size', [1, 4, 4, 2], [1, 1, 2, 2], [2, 2], 'same'],
  ['2x3 kernel, strides [2, 1], same', [2, 5, 4, 1], [2, 3, 1, 2], [2, 1], 'same'],
  ['2x2 stride 2 same, odd size', [1, 5, 5, 1], [2, 2, 1, 1], [2, 2], 'same'],
  // One output channel from many (stride 1: a Gemm then shifted sums; dW from shifted dy).
  ['3x3 stride 1 same, 8 → 1', [2, 5, 4, 8], [3, 3, 8, 1], [1, 1], 'same'],
  ['2x3 stride 1 same, 9 → 1 (pads only bottom/right)', [1, 4, 5, 9], [2, 3, 9, 1], [1, 1], 'same'],
  ['3x3 stride 1 valid, 8 → 1', [2, 6, 5, 8], [3, 3, 8, 1], [1, 1], 'valid'],
  ['3x3 stride 2 same, 8 → 1 (ORT Conv)', [1, 5, 5, 8], [3, 3, 8, 1], [2, 2], 'same'],
  // Many output channels from one (dW as one batched im2col MatMul).
  ['3x3 stride 1 same, 1 → 8', [2, 5, 4, 1], [3, 3, 1, 8], [1, 1], 'same'],
  ['2x3 stride [2, 1] same, 1 → 8', [2, 5, 4, 1], [2, 3, 1, 8], [2, 1], 'same'],
  ['3x3 stride 1 valid, 2 → 16', [1, 5, 6, 2], [3, 3, 2, 16], [1, 1], 'valid'],
];

describe('Conv2D and its gradients (vs float64 references)', () => {
  it.each(CASES)('%s', async (_name, xs, fs, strides, padding) => {
    const x = values(
      xs.reduce((p, d) => p * d),
      11,
    );
    const f = values(
      fs.reduce((p, d) => p * d),
      12,
    );
    const { y, ys } = convRef(x, xs, f, fs, strides, padding);
    const R = values(y.length, 13);
    const r = await runOnce(
      (g) => {
        const xi = g.input('x', [-1, xs[1], xs[2], xs[3]]);
        const fi = g.input('f', fs);
        const yi = ops.conv2d(xi, fi, { strides, padding });
        const loss = ops.sum(ops.mul(yi, g.input('r', [-1, ys[1], ys[2], ys[3]])));
        const [dx, df] = gradients(loss, [xi, fi]);
        return { y: yi, dx, df };
      },
      { x: TensorData.float32(xs, x), f: TensorData.float32(fs, f), r: TensorData.float32(ys, R) },
    );
    expect(r.y.shape).toEqual(ys);
    expectClose(r.y.data, y, 1e-5);
    expectClose(r.dx.data, numericGrad('x', x, xs, f, fs, R, strides, padding), 1e-4);
    expectClose(r.df.data, numericGrad('f', x, xs, f, fs, R, strides, padding), 1e-4);
  });
});

describe('conv lowering picks the cheaper form for narrow channel counts', () => {
  const opTypes = (xs: Shape4, fs: Shape4, strides: [number, number] = [1, 1]) => {
    const g = new Graph('t');
    const x = g.input('x', [-1, xs[1], xs[2], xs[3]]);
    const f = g.input('f', fs);
    const y = ops.conv2d(x, f, { strides, padding: 'same' });
    g.output('y', y);
    g.output('df', gradients(ops.sum(y), [f])[0]);
    return buildStepModel(g, planRun(g, {})).model.graph.nodes.map((n) => n.opType);
  };

  it('one output channel: no Conv, one Gemm for dW', () => {
    const types = opTypes([1, 6, 6, 16], [3, 3, 16, 1]);
    expect(types).not.toContain('Conv');
    expect(types.filter((t) => t === 'Gemm')).toHaveLength(1);
    expect(opTypes([1, 6, 6, 16], [3, 3, 16, 1], [2, 2])).toContain('Conv'); // strided: ORT's Conv
  });

  it('one input channel, many outputs: dW is one batched MatMul, no per-offset Gemms', () => {
    const types = opTypes([1, 6, 6, 1], [3, 3, 1, 16]);
    expect(types).not.toContain('Gemm');
    expect(types.filter((t) => t === 'MatMul')).toHaveLength(1);
  });

  it('comparable channel counts keep one Gemm per kernel offset', () => {
    expect(opTypes([1, 6, 6, 4], [3, 3, 4, 4]).filter((t) => t === 'Gemm')).toHaveLength(9);
  });
});

describe('MaxPool2D, MaxPoolGrad, UpSampling2D', () => {
  const POOLS: [string, Shape4, [number, number], [number, number], Padding][] = [
    ['2x2/2 valid', [2, 4, 4, 3], [2, 2], [2, 2], 'valid'],
    ['2x2/2 same, odd size', [1, 5, 5, 2], [2, 2], [2, 2], 'same'],
    ['3x3/2 valid, odd size', [1, 7, 5, 1], [3, 3], [2, 2], 'valid'],
    ['3x3/1 same', [1, 4, 4, 1], [3, 3], [1, 1], 'same'],
    ['3x3/3 same, padding on top and left', [2, 4, 7, 2], [3, 3], [3, 3], 'same'],
    ['2x2/2 valid, odd size (unread last row)', [2, 5, 5, 1], [2, 2], [2, 2], 'valid'],
    ['2x3/[2,3] valid', [1, 6, 7, 2], [2, 3], [2, 3], 'valid'],
  ];
  it.each(POOLS)('%s', async (_name, xs, k, strides, padding) => {
    const x = values(
      xs.reduce((p, d) => p * d),
      21,
    );
    const { ys } = poolRef(x, xs, k, strides, padding);
    const dy = values(
      ys.reduce((p, d) => p * d),
      22,
    );
    const { y, dx } = poolRef(x, xs, k, strides, padding, dy);
    const r = await runOnce(
      (g) => {
        const xi = g.input('x', [-1, xs[1], xs[2], xs[3]]);
        const yi = ops.maxPool2d(xi, { poolSize: k, strides, padding });
        const loss = ops.sum(ops.mul(yi, g.input('dy', [-1, ys[1], ys[2], ys[3]])));
        return { y: yi, dx: gradients(loss, [xi])[0] };
      },
      { x: TensorData.float32(xs, x), dy: TensorData.float32(ys, dy) },
    );
    expectClose(r.y.data, y);
    expectClose(r.dx.data, dx);
  });

  it('MaxPoolGrad sends a tie to the first maximum of the window, like TF', async () => {
    const r = await runOnce(
      (g) => {
        const xi = g.input('x', [1, 2, 2, 1]);
        return {
          dx: ops.maxPoolGrad(xi, ops.maxPool2d(xi), g.constant(TensorData.float32([1, 1, 1, 1], [5]))),
        };
      },
      { x: TensorData.float32([1, 2, 2, 1], [1, 3, 3, 2]) },
    );
    expect(r.dx.toArray()).toEqual([0, 5, 0, 0]);
  });

  it('UpSampling2D by [2, 3] and its gradient (block sums)', async () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8]; // [1, 2, 2, 2]
    const r = await runOnce(
      (g) => {
        const xi = g.input('x', [-1, 2, 2, 2]);
        const y = ops.upSampling2d(xi, [2, 3]);
        const w = g.constant(
          TensorData.float32(
            [1, 4, 6, 2],
            Array.from({ length: 48 }, (_, i) => i),
          ),
        );
        return { y, dx: gradients(ops.sum(ops.mul(y, w)), [xi])[0] };
      },
      { x: TensorData.float32([1, 2, 2, 2], x) },
    );
    expect(r.y.shape).toEqual([1, 4, 6, 2]);
    const want: number[] = [];
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 6; j++)
        for (let c = 0; c < 2; c++) want.push(x[(Math.floor(i / 2) * 2 + Math.floor(j / 3)) * 2 + c]);
    expect(r.y.toArray()).toEqual(want);
    const dx = new Array<number>(8).fill(0);
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 6; j++)
        for (let c = 0; c < 2; c++)
          dx[(Math.floor(i / 2) * 2 + Math.floor(j / 3)) * 2 + c] += (i * 6 + j) * 2 + c;
    expect(r.dx.toArray()).toEqual(dx);
  });
});

it('every spatial primitive is lowered and run by a test here', () => {
  expect([...SPATIAL_OPS].filter((op) => !ranOps.has(op))).toEqual([]);
});
