import { beforeAll, describe, expect, it } from 'vitest';
import '@a3/backend-tfjs';
import { getBackend, Graph, NumericError, Rng, TensorData, type Backend } from '@a3/core';
import { Dense, Dropout, ParameterCollection, Sequential, type Layer } from '@a3/nn';
import {
  adam,
  bceWithLogits,
  DEFAULT_STEPS_PER_RUN,
  fit,
  sgd,
  Trainer,
  TrainingDivergedError,
  type BuildLoss,
  type ProgressEvent,
} from '../index';

let backend: Backend;
beforeAll(async () => {
  backend = await getBackend('tfjs-cpu');
});

/** Two separable blobs: label 1 when x0 + x1 > 0. */
function blobs(n: number, seed = 1): { x: TensorData; y: TensorData } {
  const rng = new Rng(seed);
  const x = TensorData.float32([n, 2]);
  const y = TensorData.float32([n, 1]);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    x.data[2 * i] = rng.normal(label ? 1 : -1, 0.5);
    x.data[2 * i + 1] = rng.normal(label ? 1 : -1, 0.5);
    y.data[i] = label;
  }
  return { x, y };
}

function mlp(seed = 1, dropout = 0): Sequential {
  const layers: Layer[] = [new Dense(4, { activation: 'relu' }), new Dense(1)];
  if (dropout) layers.splice(1, 0, new Dropout(dropout));
  return new Sequential(layers, { name: 'clf', seed });
}

const perSampleBce =
  (model: Sequential): BuildLoss =>
  ({ x, y, training }) =>
    bceWithLogits(model.apply(x, { training }).logits, y!, { reduction: 'none' });

/** Per-sample BCE of a model's current params on the backend (inference mode). */
async function perSampleLosses(model: Sequential, x: TensorData, y: TensorData): Promise<number[]> {
  const g = new Graph('eval');
  const xs = g.input('x', [-1, 2]);
  const ys = g.input('y', [-1, 1]);
  g.output('l', bceWithLogits(model.apply(xs).logits, ys, { reduction: 'none' }));
  const exec = await backend.compile(g);
  try {
    return (await exec.run({ x, y })).l.toArray();
  } finally {
    exec.dispose();
  }
}

/** The backend with some members replaced. */
function wrap(b: Backend, over: Partial<Backend>): Backend {
  return {
    name: b.name,
    capabilities: b.capabilities,
    compile: (g, o) => b.compile(g, o),
    memory: () => b.memory(),
    describe: () => b.describe(),
    ...over,
  };
}

const snapshot = (p: ParameterCollection) =>
  Object.fromEntries(p.entries().map(([k, v]) => [k, v.toArray()]));
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

describe('fit on tfjs-cpu', () => {
  it('the loss falls on a tiny problem and params hold the trained weights', async () => {
    const data = blobs(32);
    const model = mlp(3, 0.1);
    const before = snapshot(model.params.clone());
    const h = await fit({
      backend,
      model,
      loss: 'bce',
      optimizer: adam({ lr: 0.05 }),
      data,
      epochs: 15,
      batchSize: 8,
      seed: 1,
    });
    expect(h.epochs).toBe(15);
    expect(h.loss).toHaveLength(15);
    expect(h.loss[14]).toBeLessThan(h.loss[0] * 0.5);
    expect(snapshot(model.params)).not.toEqual(before);
    const after = await perSampleLosses(model, data.x, data.y);
    expect(mean(after)).toBeLessThan(h.loss[0] * 0.5);
  });

  it('uses the final partial batch: 10 samples, batch 4 → 3 steps, exact per-sample mean', async () => {
    const data = blobs(10);
    const model = mlp(5);
    const initial = await perSampleLosses(mlp(5), data.x, data.y);
    const events: ProgressEvent[] = [];
    // lr so small the weights do not move: every step sees the initial weights.
    const h = await fit({
      backend,
      params: model.params,
      buildLoss: perSampleBce(model),
      optimizer: sgd({ lr: 1e-30 }),
      data,
      epochs: 1,
      batchSize: 4,
      shuffle: false,
      onProgress: (e) => void events.push(e),
    });
    const steps = events.filter((e) => e.type === 'step');
    expect(steps.map((e) => [e.step, e.stepsPerEpoch])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(steps[2].loss).toBeCloseTo(mean(initial.slice(8)), 5);
    expect(h.loss[0]).toBeCloseTo(mean(initial), 5);
    const ep = events.find((e) => e.type === 'epoch')!;
    expect(ep.samplesPerSec).toBeGreaterThan(0);
    expect(ep.etaSeconds).toBe(0);
    expect(steps[0].etaSeconds).toBeGreaterThan(0);
  });

  it('same seed → same shuffles and results; another seed → another order', async () => {
    const run = async (seed: number) => {
      const model = mlp(1);
      const losses: number[] = [];
      await fit({
        backend,
        model,
        loss: 'bce',
        optimizer: sgd({ lr: 0.1 }),
        data: blobs(12),
        epochs: 2,
        batchSize: 4,
        seed,
        onProgress: (e) => void (e.type === 'step' && losses.push(e.loss)),
      });
      return { losses, params: snapshot(model.params) };
    };
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(b.losses).toEqual(a.losses);
    expect(b.params).toEqual(a.params);
    expect(c.losses).not.toEqual(a.losses);
  });

  it('class weights multiply into the per-sample loss', async () => {
    const data = blobs(8);
    const initial = await perSampleLosses(mlp(2), data.x, data.y);
    const weights = { 0: 1, 1: 3 };
    const expected = mean(initial.map((l, i) => l * (i % 2 ? 3 : 1)));
    const model = mlp(2);
    const h = await fit({
      backend,
      model,
      loss: 'bce',
      optimizer: sgd({ lr: 1e-30 }),
      data,
      classWeights: weights,
      epochs: 1,
      batchSize: 3,
    });
    expect(h.loss[0]).toBeCloseTo(expected, 5);
    expect(h.loss[0]).not.toBeCloseTo(mean(initial), 3);
    await expect(
      fit({ backend, model, loss: 'bce', data, classWeights: { 0: 1 }, epochs: 1 }),
    ).rejects.toThrow(/label 1 but classWeights has no entry/);
  });

  it('early stopping restores the best epoch weights', async () => {
    const train = blobs(16, 1);
    // Validation with flipped labels: the better the fit, the worse the validation loss.
    const val = blobs(8, 2);
    const flipped = TensorData.float32(
      [8, 1],
      val.y.toArray().map((v) => 1 - v),
    );
    const model = mlp(4);
    const perEpoch: Record<string, number[]>[] = [];
    const h = await fit({
      backend,
      model,
      loss: 'bce',
      optimizer: adam({ lr: 0.05 }),
      data: train,
      validation: { x: val.x, y: flipped },
      epochs: 20,
      batchSize: 8,
      earlyStopping: { patience: 2 },
      checkpoint: { onEpoch: (p) => void perEpoch.push(snapshot(p)) },
    });
    expect(h.stoppedEarly).toBe(true);
    expect(h.epochs).toBe(h.bestEpoch + 2);
    expect(h.valLoss).toHaveLength(h.epochs);
    expect(h.bestLoss).toBe(Math.min(...h.valLoss));
    expect(snapshot(model.params)).toEqual(perEpoch[h.bestEpoch - 1]);
    expect(snapshot(model.params)).not.toEqual(perEpoch[h.epochs - 1]);
  });

  it('validation as a seeded fraction reports a loss per epoch', async () => {
    const h = await fit({
      backend,
      model: mlp(1),
      loss: 'bce',
      data: blobs(20),
      validation: { fraction: 0.25 },
      epochs: 2,
      batchSize: 5,
    });
    expect(h.valLoss).toHaveLength(2);
    expect(h.valLoss.every(Number.isFinite)).toBe(true);
  });

  it('NaN guard: NaN data stops at the right step and keeps the last finite weights', async () => {
    const data = blobs(8);
    data.x.data[2 * 5] = NaN; // row 5 → batch 3 with batch size 2
    const model = mlp(6);
    const err = await fit({
      backend,
      model,
      loss: 'bce',
      optimizer: adam({ lr: 0.01 }),
      data,
      epochs: 2,
      batchSize: 2,
      shuffle: false,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NumericError);
    expect(err).toBeInstanceOf(TrainingDivergedError);
    const e = err as TrainingDivergedError;
    expect(e.code).toBe('A3_NUMERIC');
    expect(e.message).toMatch(/^Loss became NaN at epoch 1 step 3; lower the learning rate/);
    expect([e.epoch, e.step]).toEqual([1, 3]);
    // The same two finite steps alone give the same weights.
    const ref = mlp(6);
    await fit({
      backend,
      model: ref,
      loss: 'bce',
      optimizer: adam({ lr: 0.01 }),
      data: { x: data.x.sliceRows(0, 4), y: data.y.sliceRows(0, 4) },
      epochs: 1,
      batchSize: 2,
      shuffle: false,
    });
    expect(snapshot(model.params)).toEqual(snapshot(ref.params));
  });

  it('NaN guard: a huge learning rate diverges into a NumericError with finite weights kept', async () => {
    const model = mlp(2);
    const err = await fit({
      backend,
      model,
      loss: 'bce',
      optimizer: sgd({ lr: 1e30 }),
      data: blobs(16),
      epochs: 5,
      batchSize: 4,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NumericError);
    expect((err as Error).message).toMatch(/lower the learning rate/);
    for (const [, v] of model.params.entries()) expect(v.toArray().every(Number.isFinite)).toBe(true);
  });

  it('memory is flat across epochs', async () => {
    const counts: number[] = [];
    await fit({
      backend,
      model: mlp(1, 0.2),
      loss: 'bce',
      data: blobs(12),
      validation: { fraction: 0.25 },
      epochs: 4,
      batchSize: 4,
      onProgress: (e) => void (e.type === 'epoch' && counts.push(backend.memory().numTensors)),
    });
    expect(counts).toHaveLength(4);
    expect(counts[3]).toBe(counts[0]);
  });
});

describe('Trainer', () => {
  it('one compile serves every batch size; a new signature carries the weights over', async () => {
    const model = new Sequential([new Dense(1)], { name: 'lin', seed: 1 });
    let compiles = 0;
    const counting = wrap(backend, { compile: (g, o) => (compiles++, backend.compile(g, o)) });
    const trainer = new Trainer({
      backend: counting,
      params: model.params,
      buildLoss: ({ x, y }) => bceWithLogits(model.apply(x).logits, y!),
      optimizer: sgd({ lr: 0.5 }),
    });
    const { x, y } = blobs(6);
    await trainer.trainStep({ x, y });
    await trainer.trainStep({ x: x.sliceRows(0, 5), y: y.sliceRows(0, 5) });
    expect(compiles).toBe(1);
    await trainer.pullParams();
    const afterTwo = snapshot(model.params);
    // Adding an input changes the signature: a second graph, starting from the trained weights.
    await trainer.prepare({ x, y, extra: TensorData.float32([6, 1]) });
    expect(compiles).toBe(2);
    await trainer.pullParams();
    expect(snapshot(model.params)).toEqual(afterTwo);
    trainer.dispose();
  });
});

describe('fit extras', () => {
  it('groups full batches into runSteps calls on fused-step backends, with identical results', async () => {
    const calls: number[] = [];
    const fused = wrap(backend, {
      capabilities: { ...backend.capabilities, fusedSteps: true },
      compile: async (g, o) => {
        const exec = await backend.compile(g, o);
        const runSteps = exec.runSteps.bind(exec);
        exec.runSteps = (feeds, opts) => (calls.push(feeds.length), runSteps(feeds, opts));
        return exec;
      },
    });
    const run = async (b: Backend, stepsPerRun?: number) => {
      const model = mlp(9);
      const h = await fit({
        backend: b,
        model,
        loss: 'bce',
        optimizer: sgd({ lr: 0.1 }),
        data: blobs(14),
        epochs: 2,
        batchSize: 4,
        stepsPerRun,
      });
      return { loss: h.loss, params: snapshot(model.params) };
    };
    const grouped = await run(fused, 2);
    // 14 rows, batch 4: [4, 4] in one call, [4] then the partial [2] alone.
    expect(calls).toEqual([2, 1, 1, 2, 1, 1]);
    // Default: DEFAULT_STEPS_PER_RUN (16) full batches per call; 20 rows at batch 1 → 16 + 4.
    calls.length = 0;
    await fit({
      backend: fused,
      model: mlp(9),
      loss: 'bce',
      optimizer: sgd({ lr: 0.1 }),
      data: blobs(20),
      batchSize: 1,
    });
    expect(DEFAULT_STEPS_PER_RUN).toBe(16);
    expect(calls).toEqual([16, 4]);
    calls.length = 0;
    const plain = await run(backend);
    expect(grouped.loss[1]).toBeCloseTo(plain.loss[1], 6);
    expect(grouped.params).toEqual(plain.params);
  });

  it('writes atomic per-epoch checkpoints that read back as the params', async () => {
    const { mkdtemp, readdir, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { readCheckpoint } = await import('../index');
    const dir = await mkdtemp(join(tmpdir(), 'a3-ckpt-'));
    try {
      const model = mlp(1);
      const seen: number[] = [];
      await fit({
        backend,
        model,
        loss: 'bce',
        data: blobs(8),
        epochs: 2,
        batchSize: 4,
        checkpoint: { dir, onEpoch: (_p, epoch) => void seen.push(epoch) },
      });
      expect(seen).toEqual([1, 2]);
      expect((await readdir(dir)).sort()).toEqual([
        'epoch-0001.safetensors',
        'epoch-0002.safetensors',
        'latest.safetensors',
      ]);
      const back = await readCheckpoint(join(dir, 'latest.safetensors'));
      expect(snapshot(back)).toEqual(snapshot(model.params));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('fit: step budget and sampler', () => {
  it('steps replaces epochs: 10 rows, batch 4 (3 steps an epoch), 7 steps → epochs of 3, 3 and 1', async () => {
    const data = blobs(10);
    const model = mlp(5);
    const events: ProgressEvent[] = [];
    const h = await fit({
      backend,
      params: model.params,
      buildLoss: perSampleBce(model),
      optimizer: sgd({ lr: 1e-30 }),
      data,
      epochs: 50,
      steps: 7,
      batchSize: 4,
      shuffle: false,
      onProgress: (e) => void events.push(e),
    });
    const steps = events.filter((e) => e.type === 'step');
    expect(steps.map((e) => [e.epoch, e.step, e.stepsPerEpoch])).toEqual([
      [1, 1, 3],
      [1, 2, 3],
      [1, 3, 3],
      [2, 1, 3],
      [2, 2, 3],
      [2, 3, 3],
      [3, 1, 1],
    ]);
    expect(steps.every((e) => e.epochs === 3)).toBe(true);
    expect(h.epochs).toBe(3);
    // The cut-short epoch's mean loss is over the 4 rows it saw (the first batch, weights unmoved).
    const initial = await perSampleLosses(mlp(5), data.x, data.y);
    expect(h.loss[2]).toBeCloseTo(mean(initial.slice(0, 4)), 5);
  });

  it('a sampler’s rows are batched as listed: same weights as the gathered rows without shuffling', async () => {
    const data = blobs(12);
    // Oversamples rows 1 and 3, leaves out most others.
    const order = Int32Array.from([1, 3, 0, 1, 3, 5, 1, 3, 7, 1, 3, 9]);
    const sampled = mlp(7);
    const seenEpochs: number[] = [];
    await fit({
      backend,
      params: sampled.params,
      buildLoss: perSampleBce(sampled),
      optimizer: adam({ lr: 0.05 }),
      data,
      epochs: 3,
      batchSize: 4,
      sampler: (epoch, _rng, rows) => {
        seenEpochs.push(epoch);
        expect(rows).toBe(12);
        return order;
      },
    });
    const plain = mlp(7);
    await fit({
      backend,
      params: plain.params,
      buildLoss: perSampleBce(plain),
      optimizer: adam({ lr: 0.05 }),
      data: { x: data.x.gatherRows(order), y: data.y.gatherRows(order) },
      epochs: 3,
      batchSize: 4,
      shuffle: false,
    });
    expect(seenEpochs).toEqual([1, 2, 3]);
    const a = snapshot(sampled.params);
    const b = snapshot(plain.params);
    for (const k of Object.keys(b)) {
      a[k].forEach((v, i) => expect(v).toBeCloseTo(b[k][i], 6));
    }
  });

  it('a sampler returning a row outside the data fails before any step', async () => {
    const data = blobs(4);
    const model = mlp(1);
    await expect(
      fit({
        backend,
        params: model.params,
        buildLoss: perSampleBce(model),
        data,
        sampler: () => Int32Array.from([0, 4]),
      }),
    ).rejects.toThrow(/row 4, outside \[0, 4\)/);
  });
});
