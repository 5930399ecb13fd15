import { getBackend, gradients, Graph, listBackends, ops, TensorData, type Backend } from '@a3/core';
import { describe, expect, it } from 'vitest';
import '../index';

const close = (actual: ArrayLike<number>, expected: readonly number[], tol = 1e-5) => {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++)
    expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(tol);
};

describe('registration', () => {
  it('registers tfjs-cpu and tfjs-wasm with their priorities, both available here', async () => {
    const list = await listBackends();
    const cpu = list.find((b) => b.name === 'tfjs-cpu')!;
    const wasm = list.find((b) => b.name === 'tfjs-wasm')!;
    expect(cpu).toMatchObject({ available: true, priority: 100, package: '@a3/backend-tfjs' });
    expect(wasm).toMatchObject({ available: true, priority: 200, package: '@a3/backend-tfjs' });
    expect(cpu.capabilities).toEqual({
      training: true,
      conv: true,
      gpu: false,
      fusedSteps: false,
      onnxExport: false,
    });
  });

  it('describes the tfjs version and kernel backend', async () => {
    expect((await getBackend('tfjs-cpu')).describe()).toMatchObject({ tfjs: '4.22.0', kernel: 'cpu' });
    expect((await getBackend('tfjs-wasm')).describe()).toMatchObject({
      tfjs: '4.22.0',
      kernel: 'wasm',
      simd: true,
    });
  });
});

for (const name of ['tfjs-cpu', 'tfjs-wasm']) {
  describe(name, () => {
    const backend = (): Promise<Backend> => getBackend(name);

    it('runs a dense layer with hand-computed values over any batch', async () => {
      const g = new Graph('dense');
      const x = g.input('x', [-1, 2]);
      const w = g.variable(
        'w',
        TensorData.fromRows([
          [1, -1, 0.5],
          [2, 0, -3],
        ]),
      );
      const b = g.variable('b', TensorData.float32([3], [0.1, 0.2, 0.3]));
      g.output('y', ops.relu(ops.add(ops.matMul(x, w), b)));
      const exec = await (await backend()).compile(g);
      const out = await exec.run({
        x: TensorData.fromRows([
          [1, 1],
          [2, -1],
        ]),
      });
      expect(out.y.shape).toEqual([2, 3]);
      close(out.y.data, [3.1, 0, 0, 0.1, 0, 4.3]);
      const one = await exec.run({ x: TensorData.fromRows([[0, 1]]) });
      close(one.y.data, [2.1, 0.2, 0]);
      exec.dispose();
    });

    it('honours MatMul transpose flags', async () => {
      const g = new Graph('mm');
      const a = g.input('a', [3, 2]);
      const b = g.input('b', [2, 3]);
      g.output('tt', ops.matMul(a, b, { transposeA: true, transposeB: true }));
      g.output('ta', ops.matMul(a, ops.transpose(b), { transposeA: true }));
      const exec = await (await backend()).compile(g);
      const out = await exec.run({
        a: TensorData.fromRows([
          [1, 2],
          [3, 4],
          [5, 6],
        ]),
        b: TensorData.fromRows([
          [1, 0, 2],
          [0, 1, -1],
        ]),
      });
      // aᵀ = [[1,3,5],[2,4,6]]; bᵀ = [[1,0],[0,1],[2,-1]]
      close(out.tt.data, [11, -2, 14, -2]);
      close(out.ta.data, [11, -2, 14, -2]);
      exec.dispose();
    });

    it('routes MaxPoolGrad to the first max of each window and up-samples exactly', async () => {
      const g = new Graph('pool');
      const x = g.input('x', [-1, 2, 4, 1]);
      const y = ops.maxPool2d(x);
      g.output('y', y);
      g.output('dx', ops.maxPoolGrad(x, y, ops.fillLike(y, 1)));
      g.output('up', ops.upSampling2d(y, [2, 3]));
      const exec = await (await backend()).compile(g);
      const out = await exec.run({ x: TensorData.float32([1, 2, 4, 1], [1, 5, 5, 2, 5, 0, 1, 3]) });
      close(out.y.data, [5, 5]);
      close(out.dx.data, [0, 1, 1, 0, 0, 0, 0, 0]);
      expect(out.up.shape).toEqual([1, 2, 6, 1]);
      close(out.up.data, [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5]);
      exec.dispose();
    });

    it('applies updates from pre-run values after computing the outputs', async () => {
      const g = new Graph('swap');
      const a = g.variable('a', TensorData.float32([2], [1, 2]));
      const b = g.variable('b', TensorData.float32([2], [10, 20]));
      g.output('a', a);
      g.assign(a, b);
      g.assign(b, ops.mul(a, 2));
      const exec = await (await backend()).compile(g);
      const out = await exec.run({});
      close(out.a.data, [1, 2]);
      const v = await exec.readVariables();
      close(v.a.data, [10, 20]);
      close(v.b.data, [2, 4]);
      out.a.data[0] = 99; // outputs are the caller's: mutating one must not touch backend state
      close((await exec.run({}, { updates: false })).a.data, [10, 20]);
      exec.dispose();
    });

    it('draws fresh random values per run and repeats the sequence in a new executable', async () => {
      const build = () => {
        const g = new Graph('rand');
        const x = g.input('x', [-1, 4]);
        g.output('n', ops.randomNormalLike(x, { seed: 5 }));
        return g;
      };
      const feeds = { x: TensorData.float32([2, 4]) };
      const draw = async () => {
        const exec = await (await backend()).compile(build());
        const r = [(await exec.run(feeds)).n.toArray(), (await exec.run(feeds)).n.toArray()];
        exec.dispose();
        return r;
      };
      const [a, b] = [await draw(), await draw()];
      expect(a[0]).not.toEqual(a[1]);
      expect(b).toEqual(a);
    });

    it('keeps memory flat over 200 training steps and frees everything on dispose', async () => {
      const be = await backend();
      const g = new Graph('train');
      const x = g.input('x', [-1, 3]);
      const t = g.input('t', [-1, 1]);
      const w = g.variable('w', TensorData.float32([3, 1], [0.1, -0.2, 0.3]));
      const h = ops.dropout(ops.sigmoid(ops.matMul(x, w)), 0.1, 1);
      const loss = ops.mean(ops.square(ops.sub(h, t)));
      const [dw] = gradients(loss, [w]);
      g.output('loss', loss);
      g.assign(w, ops.sub(w, ops.mul(dw, 0.5)));
      const before = be.memory().numTensors;
      const exec = await be.compile(g);
      const feeds = {
        x: TensorData.fromRows([
          [1, 0, 1],
          [0, 1, 1],
        ]),
        t: TensorData.fromRows([[1], [0]]),
      };
      await exec.run(feeds);
      const held = exec.memory().numTensors;
      let first = 0;
      let last = 0;
      for (let i = 0; i < 200; i++) {
        const l = (await exec.run(feeds)).loss.item();
        if (i === 0) first = l;
        last = l;
        expect(exec.memory().numTensors).toBe(held);
      }
      expect(last).toBeLessThan(first);
      exec.dispose();
      expect(be.memory().numTensors).toBe(before);
    });
  });
}

describe('kernel backends in one process', () => {
  it('switches the global tfjs backend per run and agrees across cpu and wasm', async () => {
    const g = new Graph('conv');
    const x = g.input('x', [-1, 5, 5, 2]);
    const w = g.variable(
      'w',
      TensorData.float32(
        [3, 3, 2, 3],
        Array.from({ length: 54 }, (_, i) => Math.sin(i)),
      ),
    );
    const y = ops.conv2d(x, w, { strides: 2, padding: 'same' });
    const [dw, dx] = gradients(ops.sum(ops.square(y)), [w, x]);
    g.output('y', y);
    g.output('dw', dw);
    g.output('dx', dx);
    const v = ops.conv2d(x, w, { strides: 2, padding: 'valid' });
    g.output('dwValid', gradients(ops.sum(ops.square(v)), [w])[0]);
    // Stride 1 with an even kernel: wasm computes both gradients as conv2d with mirrored padding.
    const w2 = g.variable('w2', TensorData.float32([2, 2, 2, 1], [0.5, -1, 2, 0.25, -0.5, 1.5, 1, -2]));
    for (const padding of ['same', 'valid'] as const) {
      const z = ops.upSampling2d(ops.conv2d(x, w2, { padding }), [2, 3]);
      const [dz2, dzx] = gradients(ops.sum(ops.mul(z, z)), [w2, x]);
      g.output(`dw2_${padding}`, dz2);
      g.output(`dx2_${padding}`, dzx);
    }
    const feeds = {
      x: TensorData.float32(
        [2, 5, 5, 2],
        Array.from({ length: 100 }, (_, i) => Math.cos(i * 0.7)),
      ),
    };
    const cpu = await (await getBackend('tfjs-cpu')).compile(g);
    const wasm = await (await getBackend('tfjs-wasm')).compile(g);
    for (let i = 0; i < 2; i++) {
      const a = await cpu.run(feeds);
      const b = await wasm.run(feeds);
      for (const k of g.outputs.keys()) close(b[k].data, a[k].toArray(), 1e-3);
    }
    // Interleaved, unawaited runs: each one activates its kernel backend before its synchronous part.
    const [a1, b1, a2, b2] = await Promise.all([
      cpu.run(feeds),
      wasm.run(feeds),
      cpu.run(feeds),
      wasm.run(feeds),
    ]);
    for (const k of g.outputs.keys()) {
      close(b1[k].data, a1[k].toArray(), 1e-3);
      close(b2[k].data, a2[k].toArray(), 1e-3);
    }
    cpu.dispose();
    wasm.dispose();
  });

  it('routes pooling gradients like the cpu kernel on wasm, ties and overlapping windows included', async () => {
    for (const pool of [
      { poolSize: 3, strides: 2, padding: 'same' as const },
      { poolSize: 2, strides: 1, padding: 'valid' as const },
      { poolSize: [2, 3] as const, strides: [3, 2] as const, padding: 'same' as const },
    ]) {
      const g = new Graph('pool');
      const x = g.input('x', [-1, 5, 6, 2]);
      const y = ops.maxPool2d(x, pool);
      g.output('dx', gradients(ops.sum(ops.mul(y, ops.randomUniformLike(y, { seed: 9 }))), [x])[0]);
      // Few distinct values: many windows hold tied maxima.
      const feeds = {
        x: TensorData.float32(
          [2, 5, 6, 2],
          Array.from({ length: 120 }, (_, i) => (i * 7) % 4),
        ),
      };
      const cpu = await (await getBackend('tfjs-cpu')).compile(g);
      const wasm = await (await getBackend('tfjs-wasm')).compile(g);
      close((await wasm.run(feeds)).dx.data, (await cpu.run(feeds)).dx.toArray(), 1e-6);
      cpu.dispose();
      wasm.dispose();
    }
  });
});
