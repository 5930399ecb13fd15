import { describe, expect, it } from 'vitest';
import { OP_INFO, ops, PRIMITIVES, TensorData, type Tensor } from '@a3/core';
import { expectClose, ranOps, runOnce, values } from '../testing/run';

const X = values(6, 3);
const Y = values(6, 4).map((v) => v + 1.5); // positive
const xd = TensorData.float32([2, 3], X);

describe('elementwise lowering', () => {
  const unary: [string, (t: Tensor) => Tensor, (v: number) => number][] = [
    ['neg', ops.neg, (v) => -v],
    ['abs', ops.abs, Math.abs],
    ['exp', ops.exp, Math.exp],
    ['log', (t) => ops.log(ops.add(t, 2)), (v) => Math.log(v + 2)],
    ['sqrt', (t) => ops.sqrt(ops.add(t, 2)), (v) => Math.sqrt(v + 2)],
    ['square', ops.square, (v) => v * v],
    ['relu', ops.relu, (v) => Math.max(v, 0)],
    ['leakyRelu', (t) => ops.leakyRelu(t, 0.3), (v) => (v > 0 ? v : 0.3 * v)],
    ['sigmoid', ops.sigmoid, (v) => 1 / (1 + Math.exp(-v))],
    ['tanh', ops.tanh, Math.tanh],
  ];
  it.each(unary)('%s', async (_name, f, ref) => {
    const r = await runOnce((g) => ({ y: f(g.input('x', [-1, 3])) }), { x: xd });
    expectClose(r.y.data, X.map(ref));
  });

  const binary: [string, (a: Tensor, b: Tensor) => Tensor, (a: number, b: number) => number][] = [
    ['add', ops.add, (a, b) => a + b],
    ['sub', ops.sub, (a, b) => a - b],
    ['mul', ops.mul, (a, b) => a * b],
    ['div', ops.div, (a, b) => a / b],
    ['pow', (a, b) => ops.pow(b, a), (a, b) => b ** a],
    ['maximum', ops.maximum, Math.max],
    ['minimum', ops.minimum, Math.min],
  ];
  it.each(binary)('%s with broadcasting [N,3] × [3]', async (_name, f, ref) => {
    const r = await runOnce((g) => ({ y: f(g.input('a', [-1, 3]), g.input('b', [3])) }), {
      a: xd,
      b: TensorData.float32([3], Y.slice(0, 3)),
    });
    expectClose(
      r.y.data,
      X.map((v, i) => ref(v, Y[i % 3])),
    );
  });

  it('comparisons on float, int32 and bool give bool', async () => {
    const r = await runOnce(
      (g) => {
        const a = g.input('a', [3]);
        const i = g.input('i', [3], 'int32');
        const b = g.input('b', [3], 'bool');
        return {
          gt: ops.greater(a, 0),
          lt: ops.less(a, 0),
          eq: ops.equal(a, 0),
          igt: ops.greater(i, g.constant(TensorData.int32([], [1]))),
          beq: ops.equal(b, g.constant(TensorData.bool([3], [true, true, false]))),
          bgt: ops.greater(b, g.constant(TensorData.bool([], [false]))),
        };
      },
      {
        a: TensorData.float32([3], [-1, 0, 2]),
        i: TensorData.int32([3], [0, 1, 5]),
        b: TensorData.bool([3], [true, false, false]),
      },
    );
    expect(r.gt.dtype).toBe('bool');
    expect(r.gt.toArray()).toEqual([0, 0, 1]);
    expect(r.lt.toArray()).toEqual([1, 0, 0]);
    expect(r.eq.toArray()).toEqual([0, 1, 0]);
    expect(r.igt.toArray()).toEqual([0, 0, 1]);
    expect(r.beq.toArray()).toEqual([1, 0, 1]);
    expect(r.bgt.toArray()).toEqual([1, 0, 0]);
  });

  it('where and cast', async () => {
    const r = await runOnce(
      (g) => {
        const a = g.input('a', [-1, 3]);
        const c = ops.greater(a, 0);
        return {
          w: ops.where(c, a, 10),
          f: ops.cast(c, 'float32'),
          i: ops.cast(ops.mul(a, 3), 'int32'),
          b: ops.cast(ops.cast(ops.mul(a, 3), 'int32'), 'bool'),
        };
      },
      { a: xd },
    );
    expectClose(
      r.w.data,
      X.map((v) => (v > 0 ? v : 10)),
    );
    expect(r.f.toArray()).toEqual(X.map((v) => (v > 0 ? 1 : 0)));
    expect(r.i.dtype).toBe('int32');
    expect(r.i.toArray()).toEqual(X.map((v) => Math.trunc(Math.fround(Math.fround(v) * 3)) | 0));
    expect(r.b.toArray()).toEqual(X.map((v) => (Math.trunc(Math.fround(v) * 3) !== 0 ? 1 : 0)));
  });
});

describe('broadcasting into trailing size-1 axes (computed without them)', () => {
  it('[N,3,1] against a scalar, [1], [3,1] and itself; comparisons and where', async () => {
    const A = values(6, 5);
    const B = values(3, 6);
    const r = await runOnce(
      (g) => {
        const a = g.input('a', [-1, 3, 1]);
        const b = g.input('b', [3, 1]);
        const one = g.constant(TensorData.float32([1], [0.25]));
        const gt = ops.greater(a, b);
        return {
          add: ops.add(a, 2),
          sub: ops.sub(0.5, a),
          max: ops.maximum(a, one),
          mul: ops.mul(a, b),
          same: ops.add(a, a),
          gt,
          lt: ops.less(a, one),
          where: ops.where(gt, a, ops.mul(b, 10)),
          cond: ops.where(ops.greater(one, 0), a, 0),
        };
      },
      { a: TensorData.float32([2, 3, 1], A), b: TensorData.float32([3, 1], B) },
    );
    const f = Math.fround;
    for (const k of ['add', 'sub', 'max', 'mul', 'same', 'gt', 'lt', 'where', 'cond'])
      expect(r[k].shape, k).toEqual([2, 3, 1]);
    expectClose(
      r.add.data,
      A.map((v) => f(v) + 2),
    );
    expectClose(
      r.sub.data,
      A.map((v) => 0.5 - f(v)),
    );
    expectClose(
      r.max.data,
      A.map((v) => Math.max(f(v), 0.25)),
    );
    expectClose(
      r.mul.data,
      A.map((v, i) => f(v) * f(B[i % 3])),
    );
    expectClose(
      r.same.data,
      A.map((v) => 2 * f(v)),
    );
    expect(r.gt.toArray()).toEqual(A.map((v, i) => (f(v) > f(B[i % 3]) ? 1 : 0)));
    expect(r.lt.toArray()).toEqual(A.map((v) => (f(v) < 0.25 ? 1 : 0)));
    expectClose(
      r.where.data,
      A.map((v, i) => (f(v) > f(B[i % 3]) ? f(v) : 10 * f(B[i % 3]))),
    );
    expectClose(r.cond.data, A.map(f));
  });
});

describe('where with a scalar condition (lowered to If)', () => {
  const NAN_ROW = [NaN, Infinity, -Infinity];
  it.each([true, false])(
    'picks one side, broadcasting either way, and never lets the other side leak (cond %s)',
    async (ok) => {
      const r = await runOnce(
        (g) => {
          const c = ops.greater(g.input('ok', []), 0.5);
          const a = g.input('a', [-1, 3]); // batch × 3
          const bad = g.input('bad', [-1, 3]); // NaN/Inf rows
          const col = g.input('col', [2, 1]);
          const row = g.input('row', [1, 3]);
          return {
            full: ops.where(c, a, 0), // a3's NaN guard: where(ok, grad, 0)
            scalarFirst: ops.where(c, 7, a),
            guarded: ops.where(c, a, bad),
            both: ops.where(c, col, row), // [2,1] vs [1,3] → [2,3]
          };
        },
        {
          ok: TensorData.scalar(ok ? 1 : 0),
          a: xd,
          bad: TensorData.float32([2, 3], [...NAN_ROW, ...NAN_ROW]),
          col: TensorData.float32([2, 1], [1, 2]),
          row: TensorData.float32([1, 3], [10, 20, 30]),
        },
      );
      expect(r.full.shape).toEqual([2, 3]);
      expect(r.full.toArray()).toEqual(ok ? Array.from(xd.data) : [0, 0, 0, 0, 0, 0]);
      expect(r.scalarFirst.toArray()).toEqual(ok ? [7, 7, 7, 7, 7, 7] : Array.from(xd.data));
      expect(r.guarded.toArray()).toEqual(ok ? Array.from(xd.data) : [...NAN_ROW, ...NAN_ROW]);
      expect(r.both.shape).toEqual([2, 3]);
      expect(r.both.toArray()).toEqual(ok ? [1, 1, 1, 2, 2, 2] : [10, 20, 30, 10, 20, 30]);
    },
  );
});

describe('linear algebra, reductions, fills', () => {
  it('matMul with every transpose combination', async () => {
    const A = values(6, 5);
    const B = values(6, 6);
    // A as [2,3], B as [3,2]; their transposes as stored data.
    const at = [0, 3, 1, 4, 2, 5].map((i) => A[i]);
    const bt = [0, 2, 4, 1, 3, 5].map((i) => B[i]);
    const ref = [0, 1].flatMap((i) =>
      [0, 1].map((j) => [0, 1, 2].reduce((s, k) => s + A[i * 3 + k] * B[k * 2 + j], 0)),
    );
    const r = await runOnce((g) => {
      const a = g.constant(TensorData.float32([2, 3], A));
      const b = g.constant(TensorData.float32([3, 2], B));
      const aT = g.constant(TensorData.float32([3, 2], at));
      const bT = g.constant(TensorData.float32([2, 3], bt));
      return {
        nn: ops.matMul(a, b),
        tn: ops.matMul(aT, b, { transposeA: true }),
        nt: ops.matMul(a, bT, { transposeB: true }),
        tt: ops.matMul(aT, bT, { transposeA: true, transposeB: true }),
      };
    });
    for (const k of ['nn', 'tn', 'nt', 'tt']) expectClose(r[k].data, ref);
  });

  it('reductions over axes, keepDims, the batch axis, and none', async () => {
    const r = await runOnce(
      (g) => {
        const a = g.input('a', [-1, 3]);
        return {
          s0: ops.sum(a, 0),
          m1: ops.mean(a, 1, true),
          mx: ops.max(a, 1),
          all: ops.mean(a),
          none: g.addNode('ReduceSum', [a], { axes: [], keepDims: false }),
        };
      },
      { a: xd },
    );
    expectClose(
      r.s0.data,
      [0, 1, 2].map((j) => X[j] + X[3 + j]),
    );
    expect(r.m1.shape).toEqual([2, 1]);
    expectClose(
      r.m1.data,
      [0, 1].map((i) => (X[3 * i] + X[3 * i + 1] + X[3 * i + 2]) / 3),
    );
    expectClose(
      r.mx.data,
      [0, 1].map((i) => Math.max(X[3 * i], X[3 * i + 1], X[3 * i + 2])),
    );
    expectClose(r.all.data, [X.reduce((s, v) => s + v, 0) / 6]);
    expectClose(r.none.data, X);
  });

  it('sums over leading axes keeping a small block (the batch axis first, then the rest)', async () => {
    const V = values(48, 9);
    const r = await runOnce(
      (g) => {
        const a = g.input('a', [-1, 3, 2, 4]);
        return {
          s: ops.sum(a, [0, 1, 2]),
          sk: ops.sum(a, [0, 1], true),
          all: ops.sum(a),
          n: ops.mean(a, [0, 1, 2]),
        };
      },
      { a: TensorData.float32([2, 3, 2, 4], V) },
    );
    const by = (key: (i: number) => number, size: number) => {
      const out = new Array<number>(size).fill(0);
      V.forEach((v, i) => (out[key(i)] += Math.fround(v)));
      return out;
    };
    expect(r.s.shape).toEqual([4]);
    expectClose(
      r.s.data,
      by((i) => i % 4, 4),
    );
    expect(r.sk.shape).toEqual([1, 1, 2, 4]);
    expectClose(
      r.sk.data,
      by((i) => i % 8, 8),
    );
    expect(r.all.shape).toEqual([]);
    expectClose(r.all.data, [V.reduce((p, v) => p + Math.fround(v), 0)]);
    expectClose(
      r.n.data,
      by((i) => i % 4, 4).map((v) => v / 12),
    );
  });

  it('reductions over scattered axes (lowered run by run)', async () => {
    const V = values(48, 8);
    const at = (i: number, j: number, k: number, l: number) => V[((i * 3 + j) * 2 + k) * 4 + l];
    const r = await runOnce((g) => {
      const a = g.constant(TensorData.float32([2, 3, 2, 4], V));
      return {
        s: ops.sum(a, [0, 2]),
        sk: ops.sum(a, [1, 3], true),
        m: ops.mean(a, [0, 2]),
        x: ops.max(a, [0, 3]),
      };
    });
    const want = (f: (j: number, l: number) => number[]) =>
      [0, 1, 2].flatMap((j) => [0, 1, 2, 3].map((l) => f(j, l)));
    const all = (j: number, l: number) => [at(0, j, 0, l), at(0, j, 1, l), at(1, j, 0, l), at(1, j, 1, l)];
    expect(r.s.shape).toEqual([3, 4]);
    expectClose(r.s.data, want((j, l) => [all(j, l).reduce((p, q) => p + q)]).flat());
    expectClose(r.m.data, want((j, l) => [all(j, l).reduce((p, q) => p + q) / 4]).flat());
    expect(r.sk.shape).toEqual([2, 1, 2, 1]);
    const sk = [0, 1].flatMap((i) =>
      [0, 1].map((k) =>
        [0, 1, 2].reduce((p, j) => p + [0, 1, 2, 3].reduce((q, l) => q + at(i, j, k, l), 0), 0),
      ),
    );
    expectClose(r.sk.data, sk);
    const mx = [0, 1, 2].flatMap((j) =>
      [0, 1].map((k) => Math.max(...[0, 1].flatMap((i) => [0, 1, 2, 3].map((l) => at(i, j, k, l))))),
    );
    expectClose(r.x.data, mx);
  });

  it('fillLike and broadcastLike follow the runtime batch', async () => {
    const r = await runOnce(
      (g) => {
        const a = g.input('a', [-1, 3]);
        return {
          f: ops.fillLike(a, 2.5),
          b: ops.broadcastLike(g.constant(TensorData.float32([3], [1, 2, 3])), a),
          s: ops.fillLike(g.constant(1), 4),
        };
      },
      { a: TensorData.float32([4, 3]) },
    );
    expect(r.f.shape).toEqual([4, 3]);
    expect(r.f.toArray()).toEqual(Array(12).fill(2.5));
    expect(r.b.toArray()).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
    expect(r.s.shape).toEqual([]);
    expect(r.s.item()).toBe(4);
  });

  it('random ops with a static shape', async () => {
    const r = await runOnce((g) => ({
      n: g.addNode('RandomNormal', [], { shape: [2000], mean: 3, std: 2, seed: 5 }),
      u: g.addNode('RandomUniform', [], { shape: [2, 3], min: -1, max: 0, seed: 6 }),
    }));
    const n = r.n.toArray();
    const mean = n.reduce((s, v) => s + v, 0) / n.length;
    const sd = Math.sqrt(n.reduce((s, v) => s + (v - mean) ** 2, 0) / n.length);
    expect(Math.abs(mean - 3)).toBeLessThan(0.2);
    expect(Math.abs(sd - 2)).toBeLessThan(0.2);
    expect(r.u.shape).toEqual([2, 3]);
    expect(r.u.toArray().every((v) => v >= -1 && v <= 0)).toBe(true);
  });
});

describe('shape ops', () => {
  it('reshape (batch and inferred), transpose, concat', async () => {
    const r = await runOnce(
      (g) => {
        const a = g.input('a', [-1, 3]);
        const c = g.constant(TensorData.float32([2, 3], Y));
        return {
          r: ops.reshape(a, [-1, 3, 1]),
          ri: ops.reshape(c, [3, -1]),
          t: ops.transpose(c),
          c: ops.concat([a, ops.mul(a, 2)], 1),
          z: ops.reshape(g.constant(TensorData.float32([0, 3])), [3, 0]),
        };
      },
      { a: xd },
    );
    expect(r.r.shape).toEqual([2, 3, 1]);
    expect(r.ri.shape).toEqual([3, 2]);
    expectClose(
      r.t.data,
      [0, 1, 2].flatMap((j) => [Y[j], Y[3 + j]]),
    );
    expect(r.c.shape).toEqual([2, 6]);
    expectClose(
      r.c.data,
      [0, 1].flatMap((i) => [...X.slice(3 * i, 3 * i + 3), ...X.slice(3 * i, 3 * i + 3).map((v) => 2 * v)]),
    );
    expect(r.z.shape).toEqual([3, 0]);
  });

  it('slice (rest of axis, batch kept whole), pad, gather', async () => {
    const r = await runOnce(
      (g) => {
        const a = g.input('a', [-1, 3]);
        const idx = g.input('idx', [4], 'int32');
        const table = g.constant(TensorData.float32([3, 2], [10, 11, 20, 21, 30, 31]));
        return {
          s: ops.slice(a, [0, 1], [-1, -1]),
          s2: ops.slice(a, [0, 1], [-1, 1]),
          p: ops.pad(a, [
            [0, 0],
            [1, 2],
          ]),
          gt: ops.gather(table, idx),
          bp: ops.pad(ops.greater(a, 0), [
            [0, 0],
            [1, 0],
          ]),
        };
      },
      { a: xd, idx: TensorData.int32([4], [2, 0, 2, 1]) },
    );
    expectClose(r.s.data, [X[1], X[2], X[4], X[5]]);
    expectClose(r.s2.data, [X[1], X[4]]);
    expect(r.p.shape).toEqual([2, 6]);
    expectClose(r.p.data, [0, X[0], X[1], X[2], 0, 0, 0, X[3], X[4], X[5], 0, 0]);
    expect(r.gt.toArray()).toEqual([30, 31, 10, 11, 30, 31, 20, 21]);
    expect(r.bp.toArray()).toEqual([
      0,
      ...X.slice(0, 3).map((v) => (v > 0 ? 1 : 0)),
      0,
      ...X.slice(3).map((v) => (v > 0 ? 1 : 0)),
    ]);
  });
});

it('every computing primitive is lowered and run by a test here (the spatial ones in conv.test.ts)', () => {
  expect(PRIMITIVES.filter((op) => OP_INFO[op].kind === 'compute' && !ranOps.has(op))).toEqual([]);
});
