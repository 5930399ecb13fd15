import '@a3/backend-onnx';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A3Error, TensorData } from '@a3/core';
import { A3Detector, MANIFEST_FILE, ScoringPool } from '../index';
import { syntheticProblem, TINY_CONFIG } from '../testing/synthetic';
import { bundleScoreWorker } from '../../../../tools/vitest/score-worker-bundle';

const problem = syntheticProblem({ seed: 11, nNormalTrain: 300, nKnown: 10 });
let root: string;
let modelDir: string;
let workerScript: string;
let worker: Awaited<ReturnType<typeof bundleScoreWorker>>;
let reference: Float32Array;
let inputShape: number[];
let x: Float32Array;
let rows: number;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'a3-pool-'));
  modelDir = join(root, 'model');
  const d = await new A3Detector(TINY_CONFIG).fit(problem.train, { backend: 'onnx' });
  await d.save(modelDir);
  const test = problem.test.x;
  inputShape = test.shape.slice(1);
  rows = test.shape[0];
  x = Float32Array.from(test.data as Float32Array);
  // The reference: the same model scored on this thread, with the backend's default threading.
  reference = await d.score(test);
  d.dispose();
  // The built package ships dist/score-worker.js; from source, a bundle with the onnx backend.
  worker = await bundleScoreWorker(['@a3/backend-onnx']);
  workerScript = worker.script;
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await worker.remove();
});

function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

describe('ScoringPool', () => {
  it('scores like the detector on this thread, rows in order, whatever the split', async () => {
    const pool = await ScoringPool.open(modelDir, inputShape, {
      threads: 2,
      backend: 'onnx',
      workerScript,
      minRowsPerPart: 7,
    });
    try {
      expect(pool.size).toBe(2);
      expect(pool.backend).toBe('onnx');
      // All rows at once (split in two uneven parts), then odd slices, one row, none.
      expect(maxDiff(await pool.score(x, rows), reference)).toBeLessThan(1e-6);
      const width = x.length / rows;
      for (const [from, n] of [
        [3, 13],
        [rows - 1, 1],
        [0, 0],
      ]) {
        const part = await pool.score(x.slice(from * width, (from + n) * width), n);
        expect(maxDiff(part, reference.subarray(from, from + n))).toBeLessThan(1e-6);
      }
      // Concurrent calls each get their own rows back.
      const calls = await Promise.all(
        [0, 1, 2, 3].map((k) => pool.score(x.slice(k * 10 * width, (k * 10 + 10) * width), 10)),
      );
      calls.forEach((s, k) => expect(maxDiff(s, reference.subarray(k * 10, k * 10 + 10))).toBeLessThan(1e-6));
      // The caller's array is left as it was (parts are copies moved to the workers).
      expect(x.length).toBe(rows * width);
    } finally {
      await pool.close();
    }
    await expect(pool.score(x, rows)).rejects.toThrow(/after close/);
  }, 120_000);

  it('refuses input of the wrong size, naming the sizes', async () => {
    const pool = await ScoringPool.open(modelDir, inputShape, { threads: 1, backend: 'onnx', workerScript });
    try {
      await expect(pool.score(new Float32Array(5), 2)).rejects.toThrow(/5 values are not 2 rows of/);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it("fails to open with the worker's own error, as an A3Error with its code", async () => {
    const broken = join(root, 'broken');
    await mkdir(broken);
    await writeFile(join(broken, MANIFEST_FILE), '{ not json');
    const err = await ScoringPool.open(broken, inputShape, { threads: 2, workerScript }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(A3Error);
    expect((err as A3Error).code).toBe('A3_FORMAT');
    await expect(ScoringPool.open(modelDir, inputShape, { threads: 0, workerScript })).rejects.toThrow(
      /threads must be a whole number ≥ 1/,
    );
  }, 60_000);

  it("compile options reach the workers' backend (the warm-up compiles with them)", async () => {
    // The onnx backend checks its options when it compiles: a value it refuses proves they arrive.
    await expect(
      ScoringPool.open(modelDir, inputShape, {
        threads: 1,
        backend: 'onnx',
        workerScript,
        compileOptions: { threads: 1, quantize: 'int4' },
      }),
    ).rejects.toThrow(/option quantize must be one of none, int8; got int4/);
  }, 60_000);
});

describe('the detector behind a pool', () => {
  it('scores TensorData rows the same through TensorData shape', async () => {
    const pool = await ScoringPool.open(modelDir, inputShape, { threads: 1, backend: 'onnx', workerScript });
    try {
      const t = new TensorData([rows, ...inputShape], 'float32', x);
      expect(maxDiff(await pool.score(t.data as Float32Array, rows, t.shape), reference)).toBeLessThan(1e-6);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
