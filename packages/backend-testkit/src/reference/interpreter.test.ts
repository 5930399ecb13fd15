import { describe, expect, it } from 'vitest';
import { FeedError, Graph, ops, Rng, TensorData, type Padding } from '@a3/core';
import { randomTensor } from '../check/random-tensor';
import { ReferenceInterpreter, referenceRun } from './interpreter';

const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => i + from);

/** Evaluates `build(inputs)` on the given feeds and returns the plain values of "y". */
function evalY(
  inputs: Record<string, TensorData>,
  build: (x: Record<string, ReturnType<Graph['input']>>) => ReturnType<Graph['input']>,
): { shape: readonly number[]; values: number[] } {
  const g = new Graph();
  const x: Record<string, ReturnType<Graph['input']>> = {};
  for (const [k, v] of Object.entries(inputs)) x[k] = g.input(k, v.shape, v.dtype);
  g.output('y', build(x));
  const y = referenceRun(g, inputs).y;
  return { shape: y.shape, values: Array.from(y.data) };
}

/** An independent conv: explicit zero padding (TF amounts), then a plain valid correlation. */
function naiveConv(
  x: TensorData,
  w: TensorData,
  stride: number,
  padding: Padding,
): { shape: number[]; values: number[] } {
  const [n, h, wd, c] = x.shape;
  const [kh, kw, , o] = w.shape;
  const outH = padding === 'same' ? Math.ceil(h / stride) : Math.ceil((h - kh + 1) / stride);
  const outW = padding === 'same' ? Math.ceil(wd / stride) : Math.ceil((wd - kw + 1) / stride);
  const padH = padding === 'same' ? Math.max((outH - 1) * stride + kh - h, 0) : 0;
  const padW = padding === 'same' ? Math.max((outW - 1) * stride + kw - wd, 0) : 0;
  const top = Math.floor(padH / 2);
  const left = Math.floor(padW / 2);
  const at = (b: number, i: number, j: number, ch: number) =>
    i < 0 || j < 0 || i >= h || j >= wd ? 0 : x.data[((b * h + i) * wd + j) * c + ch];
  const values: number[] = [];
  for (let b = 0; b < n; b++)
    for (let i = 0; i < outH; i++)
      for (let j = 0; j < outW; j++)
        for (let co = 0; co < o; co++) {
          let s = 0;
          for (let di = 0; di < kh; di++)
            for (let dj = 0; dj < kw; dj++)
              for (let ci = 0; ci < c; ci++)
                s +=
                  at(b, i * stride - top + di, j * stride - left + dj, ci) *
                  w.data[((di * kw + dj) * c + ci) * o + co];
          values.push(s);
        }
  return { shape: [n, outH, outW, o], values };
}

describe('reference interpreter: conv and pooling by hand', () => {
  it("conv2d 'same' stride 2 on a 5x5 input (pads 1 on each side)", () => {
    const x = TensorData.float32([1, 5, 5, 1], range(25));
    const w = TensorData.fill([3, 3, 1, 1], 1);
    const y = evalY({ x, w }, ({ x: a, w: b }) => ops.conv2d(a, b, { strides: 2, padding: 'same' }));
    expect(y.shape).toEqual([1, 3, 3, 1]);
    // Window sums of 1..25 laid out row-major, windows starting at rows/cols -1, 1, 3.
    expect(y.values).toEqual([16, 33, 28, 69, 117, 87, 76, 123, 88]);
  });

  it("conv2d 'same' with an odd total pad puts the extra column on the right (TF)", () => {
    const x = TensorData.float32([1, 1, 6, 1], range(6));
    const w = TensorData.fill([1, 3, 1, 1], 1);
    const y = evalY({ x, w }, ({ x: a, w: b }) => ops.conv2d(a, b, { strides: 2, padding: 'same' }));
    expect(y.values).toEqual([1 + 2 + 3, 3 + 4 + 5, 5 + 6]);
  });

  it('conv2d matches an independent padded loop on random data (several geometries)', () => {
    const rng = new Rng(3);
    for (const [h, wd, k, s, p] of [
      [5, 5, 3, 2, 'same'],
      [6, 7, 3, 2, 'same'],
      [5, 5, 3, 1, 'valid'],
      [7, 6, 2, 2, 'valid'],
      [4, 4, 1, 2, 'same'],
    ] as const) {
      const x = randomTensor(rng, [2, h, wd, 2]);
      const w = randomTensor(rng, [k, k, 2, 3]);
      const y = evalY({ x, w }, ({ x: a, w: b }) => ops.conv2d(a, b, { strides: s, padding: p }));
      const want = naiveConv(x, w, s, p);
      expect(y.shape).toEqual(want.shape);
      y.values.forEach((v, i) => expect(v).toBeCloseTo(want.values[i], 12));
    }
  });

  it('conv backprops are the adjoints of conv2d: <conv(x,w), dy> = <x, dx(dy,w)> = <w, dw(x,dy)>', () => {
    const rng = new Rng(4);
    for (const [h, k, s, p] of [
      [5, 3, 2, 'same'],
      [6, 3, 2, 'same'],
      [5, 3, 1, 'valid'],
      [6, 2, 2, 'valid'],
    ] as const) {
      const g = new Graph();
      const x = g.input('x', [2, h, h, 2]);
      const w = g.input('w', [k, k, 2, 3]);
      const y = ops.conv2d(x, w, { strides: s, padding: p });
      const dy = g.input('dy', y.shape);
      g.output('y', y);
      g.output('dx', ops.conv2dBackpropInput(dy, w, [h, h, 2], { strides: s, padding: p }));
      g.output('dw', ops.conv2dBackpropFilter(x, dy, [k, k, 2, 3], { strides: s, padding: p }));
      const feeds = {
        x: randomTensor(rng, x.shape),
        w: randomTensor(rng, w.shape),
        dy: randomTensor(rng, y.shape),
      };
      const out = referenceRun(g, feeds);
      const dot = (a: ArrayLike<number>, b: ArrayLike<number>) =>
        Array.from(a).reduce((t, v, i) => t + v * b[i], 0);
      const lhs = dot(out.y.data, feeds.dy.data);
      expect(dot(feeds.x.data, out.dx.data)).toBeCloseTo(lhs, 10);
      expect(dot(feeds.w.data, out.dw.data)).toBeCloseTo(lhs, 10);
    }
  });

  it('maxPool2d valid and same (padding never wins, even over negatives)', () => {
    const x = TensorData.float32([1, 4, 4, 1], range(16));
    expect(evalY({ x }, ({ x: a }) => ops.maxPool2d(a)).values).toEqual([6, 8, 14, 16]);
    const neg = TensorData.float32(
      [1, 3, 3, 1],
      range(9).map((v) => -v),
    );
    const same = evalY({ x: neg }, ({ x: a }) =>
      ops.maxPool2d(a, { poolSize: 2, strides: 2, padding: 'same' }),
    );
    expect(same.shape).toEqual([1, 2, 2, 1]);
    expect(same.values).toEqual([-1, -3, -7, -9]);
  });

  it('maxPoolGrad routes each window to its first maximum', () => {
    const x = TensorData.float32([1, 2, 4, 1], [1, 5, 2, 2, 5, 0, 2, 1]);
    const dy = TensorData.float32([1, 1, 2, 1], [10, 20]);
    const g = new Graph();
    const xi = g.input('x', x.shape);
    const di = g.input('dy', dy.shape);
    g.output('y', ops.maxPoolGrad(xi, ops.maxPool2d(xi), di));
    expect(Array.from(referenceRun(g, { x, dy }).y.data)).toEqual([0, 10, 20, 0, 0, 0, 0, 0]);
  });

  it('upSampling2d repeats pixels', () => {
    const x = TensorData.float32([1, 1, 2, 1], [1, 2]);
    const y = evalY({ x }, ({ x: a }) => ops.upSampling2d(a, [2, 2]));
    expect(y.shape).toEqual([1, 2, 4, 1]);
    expect(y.values).toEqual([1, 1, 2, 2, 1, 1, 2, 2]);
  });
});

describe('reference interpreter: dense and layout ops by hand', () => {
  const a = TensorData.float32([2, 2], [1, 2, 3, 4]);
  const b = TensorData.float32([2, 2], [5, 6, 7, 8]);
  it.each([
    [false, false, [19, 22, 43, 50]],
    [true, false, [26, 30, 38, 44]],
    [false, true, [17, 23, 39, 53]],
    [true, true, [23, 31, 34, 46]],
  ] as const)('matMul transposeA %s transposeB %s', (transposeA, transposeB, want) => {
    expect(evalY({ a, b }, ({ a: x, b: y }) => ops.matMul(x, y, { transposeA, transposeB })).values).toEqual(
      want,
    );
  });

  it('matMul with non-square transposes', () => {
    const p = TensorData.float32([3, 2], [1, 2, 3, 4, 5, 6]);
    const q = TensorData.float32([1, 3], [1, 0, -1]);
    const y = evalY({ p, q }, ({ p: x, q: z }) => ops.matMul(x, z, { transposeA: true, transposeB: true }));
    expect(y.shape).toEqual([2, 1]);
    expect(y.values).toEqual([1 - 5, 2 - 6]);
  });

  it('broadcasts [2,1] against [1,3] and rank differences', () => {
    const c = TensorData.float32([2, 1], [10, 20]);
    const r = TensorData.float32([1, 3], [1, 2, 3]);
    expect(evalY({ c, r }, ({ c: x, r: y }) => ops.add(x, y)).values).toEqual([11, 12, 13, 21, 22, 23]);
    const v = TensorData.float32([3], [1, 2, 3]);
    const m = TensorData.float32([2, 1, 3], range(6));
    expect(evalY({ m, v }, ({ m: x, v: y }) => ops.mul(x, y)).values).toEqual([1, 4, 9, 4, 10, 18]);
  });

  it('reductions over axis sets with keepDims', () => {
    const x = TensorData.float32([2, 3], [1, 5, 3, 4, 2, 6]);
    expect(evalY({ x }, ({ x: t }) => ops.sum(t, 1))).toEqual({ shape: [2], values: [9, 12] });
    expect(evalY({ x }, ({ x: t }) => ops.mean(t, 0, true))).toEqual({
      shape: [1, 3],
      values: [2.5, 3.5, 4.5],
    });
    expect(evalY({ x }, ({ x: t }) => ops.max(t))).toEqual({ shape: [], values: [6] });
    expect(evalY({ x }, ({ x: t }) => ops.max(t, [0, 1], true))).toEqual({ shape: [1, 1], values: [6] });
  });

  it('reshape, transpose, concat, slice, pad, gather', () => {
    const x = TensorData.float32([2, 3], range(6));
    expect(evalY({ x }, ({ x: t }) => ops.reshape(t, [3, -1]))).toEqual({ shape: [3, 2], values: range(6) });
    expect(evalY({ x }, ({ x: t }) => ops.transpose(t)).values).toEqual([1, 4, 2, 5, 3, 6]);
    expect(evalY({ x }, ({ x: t }) => ops.concat([t, t], 1)).values).toEqual([
      1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6,
    ]);
    expect(evalY({ x }, ({ x: t }) => ops.slice(t, [0, 1], [-1, 2]))).toEqual({
      shape: [2, 2],
      values: [2, 3, 5, 6],
    });
    expect(
      evalY({ x }, ({ x: t }) =>
        ops.pad(t, [
          [1, 0],
          [0, 1],
        ]),
      ).values,
    ).toEqual([0, 0, 0, 0, 1, 2, 3, 0, 4, 5, 6, 0]);
    const i = TensorData.int32([3], [1, 0, 1]);
    expect(evalY({ x, i }, ({ x: t, i: idx }) => ops.gather(t, idx)).values).toEqual([
      4, 5, 6, 1, 2, 3, 4, 5, 6,
    ]);
  });

  it('cast truncates toward zero; comparisons and where give bool / picked values', () => {
    const x = TensorData.float32([4], [-1.7, -0.2, 0, 2.9]);
    const ci = evalY({ x }, ({ x: t }) => ops.cast(t, 'int32'));
    expect(ci.values).toEqual([-1, 0, 0, 2]);
    expect(evalY({ x }, ({ x: t }) => ops.cast(t, 'bool')).values).toEqual([1, 1, 0, 1]);
    expect(
      evalY({ x }, ({ x: t }) => ops.where(ops.greater(t, 0), t, -5)).values.map(
        (v) => Math.round(v * 10) / 10,
      ),
    ).toEqual([-5, -5, -5, 2.9]);
  });
});

describe('reference interpreter: state, feeds, randomness', () => {
  it('updates read pre-run values (a swap) and apply only the selected groups', () => {
    const g = new Graph();
    const a = g.variable('a', TensorData.scalar(1));
    const b = g.variable('b', TensorData.scalar(2));
    const c = g.variable('c', TensorData.scalar(0));
    g.output('a', a);
    g.assign(a, b);
    g.assign(b, a);
    g.assign(c, ops.add(c, 1), 'count');
    const r = new ReferenceInterpreter(g);
    expect(r.run({}).a.data[0]).toBe(1);
    expect(r.readVariables()).toMatchObject({
      a: { data: new Float64Array([2]) },
      b: { data: new Float64Array([1]) },
    });
    r.run({}, { updates: ['count'] });
    expect(r.readVariables(['a', 'c'])).toMatchObject({
      a: { data: new Float64Array([2]) },
      c: { data: new Float64Array([2]) },
    });
  });

  it('rejects malformed feeds with FeedError', () => {
    const g = new Graph();
    g.output('y', ops.relu(g.input('x', [-1, 2])));
    expect(() => referenceRun(g, {})).toThrow(FeedError);
    expect(() => referenceRun(g, { x: TensorData.float32([2, 3]) })).toThrow(FeedError);
  });

  it('random ops: fresh values per run, same seed → same sequence, runIndex replays a run', () => {
    const g = new Graph();
    const x = g.input('x', [-1, 3]);
    g.output('n', ops.randomNormalLike(x, { seed: 5 }));
    const feeds = { x: TensorData.float32([4, 3]) };
    const r1 = new ReferenceInterpreter(g);
    const r2 = new ReferenceInterpreter(g);
    const [a0, a1] = [r1.run(feeds).n.data, r1.run(feeds).n.data];
    expect(Array.from(a0)).not.toEqual(Array.from(a1));
    expect(Array.from(r2.run(feeds).n.data)).toEqual(Array.from(a0));
    expect(Array.from(referenceRun(g, feeds, { runIndex: 1 }).n.data)).toEqual(Array.from(a1));
    expect(a0.length).toBe(12);
  });
});
