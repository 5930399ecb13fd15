import { describe, expect, it } from 'vitest';
import { DisposedError, FeedError, Graph, ops, TensorData, type Feeds, type Outputs } from '@a3/core';
import { createOnnxBackend } from './backend';

const backend = createOnnxBackend({ threads: 1 });

function counterGraph() {
  const g = new Graph('counter');
  const x = g.input('x', [-1, 2]);
  const v = g.variable('v', TensorData.float32([2], [0, 0]));
  const steps = g.variable('steps', TensorData.float32([], [0]), { trainable: false });
  g.output('y', ops.add(x, v));
  g.output('sum', ops.sum(ops.add(x, v)));
  g.assign(v, ops.add(v, ops.mean(x, 0)), 'train');
  g.assign(steps, ops.add(steps, 1), 'count');
  return g;
}

describe('OnnxExecutable', () => {
  it('runs a graph, applies updates after computing outputs, keeps state between runs', async () => {
    const exec = await (await backend).compile(counterGraph());
    const x = TensorData.float32([2, 2], [1, 2, 3, 4]);
    const r1 = await exec.run({ x });
    expect(r1.y.toArray()).toEqual([1, 2, 3, 4]); // pre-update v = 0
    expect(r1.sum.item()).toBe(10);
    const r2 = await exec.run({ x }, { outputs: ['y'] });
    expect(r2.y.toArray()).toEqual([3, 5, 5, 7]); // v = mean rows = [2, 3]
    expect(Object.keys(r2)).toEqual(['y']);
    const vars = await exec.readVariables();
    expect(vars.v.toArray()).toEqual([4, 6]);
    expect(vars.steps.item()).toBe(2);
    await exec.run({ x }, { updates: ['count'] });
    expect((await exec.readVariables(['v', 'steps'])).v.toArray()).toEqual([4, 6]);
    expect((await exec.readVariables(['steps'])).steps.item()).toBe(3);
    await exec.run({}, { outputs: [], updates: ['count'] });
    expect((await exec.readVariables(['steps'])).steps.item()).toBe(4);
    exec.dispose();
  });

  it('inference runs with baked-in weights follow every variable change', async () => {
    const exec = await (await backend).compile(counterGraph());
    const x = TensorData.float32([1, 2], [1, 1]);
    const infer = async () => (await exec.run({ x }, { outputs: ['y'], updates: false })).y.toArray();
    expect(await infer()).toEqual([1, 1]);
    expect(await infer()).toEqual([1, 1]); // second run at the same version: frozen session
    expect(await infer()).toEqual([1, 1]);
    await exec.run({ x }, { outputs: [], updates: ['train'] }); // v = [1, 1]
    expect(await infer()).toEqual([2, 2]);
    expect(await infer()).toEqual([2, 2]);
    await exec.writeVariables({ v: TensorData.float32([2], [5, -5]) });
    expect(await infer()).toEqual([6, -4]);
    expect(await infer()).toEqual([6, -4]);
    const plain = await (await backend).compile(counterGraph(), { freezeInference: false });
    await plain.run({ x }, { outputs: ['y'], updates: false });
    expect((await plain.run({ x }, { outputs: ['y'], updates: false })).y.toArray()).toEqual([1, 1]);
    exec.dispose();
    plain.dispose();
  });

  it('reads copies, writes validated values', async () => {
    const exec = await (await backend).compile(counterGraph());
    const read = await exec.readVariables(['v']);
    read.v.data[0] = 99;
    expect((await exec.readVariables(['v'])).v.toArray()).toEqual([0, 0]);
    await exec.writeVariables({ v: TensorData.float32([2], [5, 6]) });
    const r = await exec.run({ x: TensorData.float32([1, 2], [0, 0]) }, { outputs: ['y'], updates: false });
    expect(r.y.toArray()).toEqual([5, 6]);
    await expect(exec.writeVariables({ v: TensorData.float32([3]) })).rejects.toBeInstanceOf(FeedError);
    await expect(exec.writeVariables({ nope: TensorData.float32([2]) })).rejects.toBeInstanceOf(FeedError);
    expect(exec.memory().numTensors).toBeGreaterThanOrEqual(2);
    exec.dispose();
    await expect(exec.run({ x: TensorData.float32([1, 2]) })).rejects.toBeInstanceOf(DisposedError);
  });

  it('validates feeds like every backend', async () => {
    const exec = await (await backend).compile(counterGraph());
    await expect(exec.run({})).rejects.toBeInstanceOf(FeedError);
    await expect(exec.run({ x: TensorData.float32([2, 3]) })).rejects.toBeInstanceOf(FeedError);
    exec.dispose();
  });

  it('runSteps in a Loop equals sequential runs, including uneven last chunks', async () => {
    const feeds: Feeds[] = [1, 2, 3, 4, 5].map((k) => ({
      x: TensorData.float32([2, 2], [k, 2 * k, -k, k / 2]),
    }));
    feeds.push({ x: TensorData.float32([3, 2], [1, 1, 1, 1, 1, 1]) });
    const seq = await (await backend).compile(counterGraph());
    const expected: Outputs[] = [];
    for (const f of feeds) expected.push(await seq.run(f));
    const fused = await (await backend).compile(counterGraph(), { stepsPerRun: 4 });
    const got = await fused.runSteps(feeds);
    expect(got.length).toBe(feeds.length);
    got.forEach((o, i) => {
      expect(o.y.shape).toEqual(expected[i].y.shape);
      expect(o.y.toArray()).toEqual(expected[i].y.toArray());
      expect(o.sum.item()).toBe(expected[i].sum.item());
    });
    expect(await fused.readVariables()).toEqual(await seq.readVariables());
    seq.dispose();
    fused.dispose();
  });

  it('random ops draw fresh values each run and repeat the sequence in a new executable', async () => {
    const g = new Graph('rand');
    const x = g.input('x', [-1, 3]);
    g.output('n', ops.randomNormalLike(x, { seed: 7 }));
    g.output('u', ops.randomUniformLike(x, { min: 2, max: 3, seed: 8 }));
    const x0 = { x: TensorData.float32([4, 3]) };
    const a = await (await backend).compile(g);
    const a1 = await a.run(x0);
    const a2 = await a.run(x0);
    expect(a1.n.toArray()).not.toEqual(a2.n.toArray());
    expect(a1.u.toArray().every((v) => v >= 2 && v <= 3)).toBe(true);
    const b = await (await backend).compile(g);
    expect((await b.run(x0)).n.toArray()).toEqual(a1.n.toArray());
    expect((await b.run(x0)).u.toArray()).toEqual(a2.u.toArray());
    a.dispose();
    b.dispose();
  });
});
