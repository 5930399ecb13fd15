import '@a3/backend-onnx';
import '@a3/backend-tfjs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { A3Error, TensorData } from '@a3/core';
import { rocAuc } from '@a3/metrics';
import { createDetector, getDetector, loadDetector, type Detector, type JsonObject } from '@a3/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEURAL_DETECTORS } from '../index';
import { toyProblem } from './toy-problem';

// Budgets small enough for tfjs-cpu (pure JS) in a few seconds.
const TINY: Record<string, JsonObject> = {
  devnet: { epochs: 10, batchesPerEpoch: 10, batchSize: 32, learningRate: 0.01 },
  deepsad: { epochs: 20, batchSize: 64 },
  dagmm: { epochs: 40, batchSize: 128, learningRate: 1e-3 },
  'supervised-mlp': { hidden: [32, 16], epochs: 20, batchSize: 64 },
};
const NAMES = Object.keys(NEURAL_DETECTORS);
const problem = toyProblem(7);

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return err instanceof A3Error ? err.code : `untyped: ${String(err)}`;
  }
  return 'no error';
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'a3-neural-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('registers the four neural baselines, with needsKnownAnomalies where fit needs labels', () => {
  expect(NAMES.sort()).toEqual(['dagmm', 'deepsad', 'devnet', 'supervised-mlp']);
  for (const name of NAMES) expect(getDetector(name).usesBackend).toBe(true);
  expect(NAMES.filter((n) => getDetector(n).needsKnownAnomalies)).toEqual(['devnet', 'supervised-mlp']);
});

describe.each(NAMES)('%s', (name) => {
  const fits: Record<string, Detector> = {};
  const scores: Record<string, Float32Array> = {};

  beforeAll(async () => {
    for (const backend of ['onnx', 'tfjs-cpu']) {
      fits[backend] = await createDetector(name, TINY[name]).fit(problem.train, { backend, seed: 3 });
      scores[backend] = await fits[backend].score(problem.test.x);
    }
  });

  it('separates the toy anomalies (AUC-ROC > 0.9) with finite scores and a threshold', () => {
    for (const backend of ['onnx', 'tfjs-cpu']) {
      expect(scores[backend].every(Number.isFinite)).toBe(true);
      expect(rocAuc(problem.test.y, scores[backend])).toBeGreaterThan(0.9);
      expect(fits[backend].threshold).not.toBeNull();
    }
  });

  it.each(['onnx', 'tfjs-cpu'])(
    'gives the same scores for the same seed on %s (others for another seed)',
    async (backend) => {
      const again = await createDetector(name, TINY[name]).fit(problem.train, { backend, seed: 3 });
      expect(await again.score(problem.test.x)).toEqual(scores[backend]);
      if (backend !== 'onnx') return; // the seed's effect needs showing once (tfjs-cpu is slow)
      const other = await createDetector(name, { ...TINY[name], seed: 4 }).fit(problem.train, { backend });
      expect(await other.score(problem.test.x)).not.toEqual(scores[backend]);
    },
  );

  it('flags about 10 % of the training rows with the fitted threshold', async () => {
    const flagged = (await fits.onnx.predict(problem.train.x)).reduce((a, b) => a + b, 0);
    expect(flagged / problem.train.y.length).toBeCloseTo(0.1, 1);
  });

  it('saves and loads: the same scores on the same backend and on the other one', async () => {
    const path = join(dir, `${name}-model`);
    await fits.onnx.save(path);
    const manifest = JSON.parse(await readFile(join(path, 'a3.json'), 'utf8')) as { detector: string };
    expect(manifest.detector).toBe(name);
    const same = await loadDetector(path, { backend: 'onnx' });
    expect(same.kind).toBe(name);
    expect(same.threshold).toBe(fits.onnx.threshold);
    // A fresh ONNX Runtime session pre-packs the loaded weights for its own compilation, so the last
    // float32 bits may differ from the fitted detector's: equal means within 1e-5 relative (a
    // few ulps; dagmm's energy goes through a covariance inverse, which amplifies them to ~6e-6).
    const again = await same.score(problem.test.x);
    const rel = again.reduce((m, v, i) => {
      const want = scores.onnx[i];
      return Math.max(m, Math.abs(v - want) / Math.max(1, Math.abs(want)));
    }, 0);
    expect(rel).toBeLessThan(1e-5);
    const other = await getDetector(name).load(path, { backend: 'tfjs-cpu' });
    const moved = await other.score(problem.test.x);
    moved.forEach((s, i) => expect(s).toBeCloseTo(scores.onnx[i], 3));
  });

  it('refuses bad input with typed errors', async () => {
    const d = createDetector(name, TINY[name]);
    expect(await code(d.score(problem.test.x))).toBe('A3_INVALID_ARGUMENT'); // not fitted
    const nan = TensorData.float32([2, 6], [0, 0, 0, 0, 0, NaN, 0, 0, 0, 0, 0, 0]);
    expect(await code(d.fit({ x: nan, y: [0, 1] }))).toBe('A3_DATA');
    expect(await code(d.fit({ x: problem.train.x, y: [0, 1] }))).toBe('A3_INVALID_ARGUMENT');
    const wide = TensorData.float32([1, 7]);
    expect(await code(fits.onnx.score(wide))).toBe('A3_SHAPE_MISMATCH');
    expect(() => createDetector(name, { noSuchOption: 1 })).toThrow(/Unknown .* option "noSuchOption"/);
    expect(() => createDetector(name, { seed: -1 })).toThrow(/"seed" must be an integer/);
  });

  it('rejects a model directory whose tensors do not fit its architecture', async () => {
    const path = join(dir, `${name}-broken`);
    await fits.onnx.save(path);
    const manifestPath = join(path, 'a3.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { inputShape: number[] };
    manifest.inputShape = [9];
    await writeFile(manifestPath, JSON.stringify(manifest));
    expect(await code(loadDetector(path))).toBe('A3_FORMAT');
  });
});

describe.each(['devnet', 'supervised-mlp'])('%s without known anomalies', (name) => {
  it('throws UnsuitableDataError (A3_UNSUITABLE), so a3 compare can skip it with the reason', async () => {
    const x = problem.train.x.sliceRows(0, 50);
    const err = await createDetector(name, TINY[name])
      .fit({ x, y: new Uint8Array(50) }, { backend: 'onnx' })
      .catch((e: unknown) => e);
    expect((err as A3Error).code).toBe('A3_UNSUITABLE');
    expect((err as Error).message).toMatch(/labelled anomalies/);
  });
});

describe.each(['deepsad', 'dagmm'])('%s without known anomalies', (name) => {
  it('fits on normal rows alone', async () => {
    const x = problem.train.x.sliceRows(0, 200);
    const d = await createDetector(name, TINY[name]).fit({ x }, { backend: 'onnx' });
    expect(rocAuc(problem.test.y, await d.score(problem.test.x))).toBeGreaterThan(0.9);
  });
});
