import { describe, expect, it } from 'vitest';
import { Rng } from '@a3/core';
import { mlpBatch, mlpTrainGraph } from '../testing/mlp';
import { createOnnxBackend } from './backend';

const SMALL = { inputs: 12, hidden: [16, 8], dropout: 0, learningRate: 0.01, seed: 5 };

describe('training an MLP with in-graph Adam', () => {
  it('loss falls, and runSteps (Loop) gives the same losses as sequential runs', async () => {
    const backend = await createOnnxBackend({ threads: 1 });
    const rng = new Rng(9);
    // Two alternating batches: distinct feeds per step (checks the Loop's per-step Gather), and
    // few enough that Adam visibly fits them.
    const pair = [mlpBatch(rng, 32, SMALL.inputs), mlpBatch(rng, 32, SMALL.inputs)];
    const batches = Array.from({ length: 12 }, (_, i) => pair[i % 2]);
    const seq = await backend.compile(mlpTrainGraph(SMALL));
    const fused = await backend.compile(mlpTrainGraph(SMALL), { stepsPerRun: 5 });
    const a: number[] = [];
    for (const b of batches) a.push((await seq.run(b)).loss.item());
    const b = (await fused.runSteps(batches)).map((o) => o.loss.item());
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i], 5);
    expect(a[0]).not.toBeCloseTo(a[1], 5);
    expect(a[10]).toBeLessThan(a[0]);
    expect(a[11]).toBeLessThan(a[1]);
    const [va, vb] = [await seq.readVariables(), await fused.readVariables()];
    for (const k of Object.keys(va)) {
      va[k].data.forEach((v, i) => expect(Math.abs(v - vb[k].data[i])).toBeLessThan(1e-5));
    }
    seq.dispose();
    fused.dispose();
  });

  it('dropout masks differ between steps inside a Loop', async () => {
    const backend = await createOnnxBackend({ threads: 1 });
    const g = mlpTrainGraph({ ...SMALL, dropout: 0.5 });
    const exec = await backend.compile(g, { stepsPerRun: 4 });
    const batch = mlpBatch(new Rng(1), 16, SMALL.inputs);
    // Same batch, no updates: only the dropout mask changes the loss.
    const losses = (await exec.runSteps([batch, batch, batch, batch], { updates: false })).map((o) =>
      o.loss.item(),
    );
    expect(new Set(losses).size).toBe(4);
    exec.dispose();
  });
});
