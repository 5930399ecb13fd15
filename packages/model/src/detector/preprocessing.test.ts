import '@a3/backend-onnx';
import { InvalidArgumentError, TensorData } from '@a3/core';
import { rocAuc } from '@a3/metrics';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A3Detector, MANIFEST_FILE } from '../index';
import { syntheticProblem, TINY_CONFIG } from '../testing/synthetic';

// Raw counts, as a user passes them without reading the docs: the synthetic clusters (features in
// [0, 1]) times 300 plus 20. Before the detector scaled its own inputs, a sigmoid/BCE target
// trained on these reported a falling negative loss and every score came out the same.
const problem = syntheticProblem({ seed: 11 });
const raw = (x: TensorData<'float32'>) =>
  TensorData.float32(
    [...x.shape],
    (x.data as Float32Array).map((v) => v * 300 + 20),
  );
const train = { x: raw(problem.train.x), y: problem.train.y };
const test = { x: raw(problem.test.x), y: problem.test.y };
const config = { ...TINY_CONFIG, seed: 2 };

/** Column minima and maxima of x in float64: the scaler the detector should have fitted. */
function columnRange(x: TensorData<'float32'>) {
  const [n, d] = x.shape;
  const data = x.data as Float32Array;
  const min = Array.from({ length: d }, (_, j) =>
    Math.min(...Array.from({ length: n }, (_, i) => data[i * d + j])),
  );
  const max = Array.from({ length: d }, (_, j) =>
    Math.max(...Array.from({ length: n }, (_, i) => data[i * d + j])),
  );
  return { min, max };
}

/** x scaled by hand with the range: (x − min) · (1 / (max − min)) per column. */
function scaledByHand(x: TensorData<'float32'>, r: { min: number[]; max: number[] }) {
  const d = x.shape[1];
  return TensorData.float32(
    [...x.shape],
    (x.data as Float32Array).map((v, i) => (v - r.min[i % d]) * (1 / (r.max[i % d] - r.min[i % d]))),
  );
}

let root: string;
let detector: A3Detector;
let scores: Float32Array;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'a3-preprocessing-'));
  detector = await new A3Detector(config).fit(train, { backend: 'onnx' });
  scores = await detector.score(test.x);
});

afterAll(async () => {
  detector.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('the detector owns its input scaling (default min-max)', () => {
  it('trains on raw counts: a non-negative target loss and scores that separate the anomalies', async () => {
    const target = detector.training.target as { finalLoss: number };
    expect(target.finalLoss).toBeGreaterThan(0); // BCE against targets in [0, 1] is ≥ 0
    expect(new Set(scores).size).toBeGreaterThan(100);
    expect(rocAuc(test.y, scores)).toBeGreaterThan(0.95);
  });

  it('fits min-max on the training rows and stores it; scoring applies it inside the graph', async () => {
    const range = columnRange(train.x);
    expect(detector.config.preprocessing).toBe('min-max');
    expect(detector.inputScaler).toEqual({ type: 'min-max', ...range });
    // Fitting on x scaled by hand with preprocessing 'none' trains the same networks.
    const byHand = await new A3Detector({ ...config, preprocessing: 'none' }).fit(
      { x: scaledByHand(train.x, range), y: train.y },
      { backend: 'onnx' },
    );
    const expected = await byHand.score(scaledByHand(test.x, range));
    expect(scores.reduce((m, s, i) => Math.max(m, Math.abs(s - expected[i])), 0)).toBeLessThan(1e-4);
    byHand.dispose();
  });

  it('saves the scaler in a3.json, loads it back, and exportOnnx includes it (ONNX scores = score())', async () => {
    const dir = join(root, 'model');
    await detector.save(dir);
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
    expect(manifest.config.preprocessing).toBe('min-max');
    expect(manifest.inputScaler).toEqual(detector.inputScaler);
    const loaded = await A3Detector.load(dir, { backend: 'onnx' });
    // Reloaded weights go through a fresh ONNX Runtime session, which pre-packs frozen weights per
    // compilation: the last float32 bits may differ, so equal means within 1e-6.
    const again = await loaded.score(test.x);
    expect(again.reduce((m, v, i) => Math.max(m, Math.abs(v - scores[i])), 0)).toBeLessThan(1e-6);
    const path = join(root, 'model.onnx');
    await loaded.exportOnnx(path);
    const ort = (await import('onnxruntime-node' as string)) as {
      InferenceSession: {
        create(p: string): Promise<{ run(f: object): Promise<Record<string, { data: Float32Array }>> }>;
      };
      Tensor: new (type: string, data: Float32Array, dims: number[]) => unknown;
    };
    const session = await ort.InferenceSession.create(path);
    const out = await session.run({
      x: new ort.Tensor('float32', test.x.data as Float32Array, [...test.x.shape]),
    });
    expect(out.score.data.reduce((m, s, i) => Math.max(m, Math.abs(s - scores[i])), 0)).toBeLessThanOrEqual(
      1e-5,
    );
    loaded.dispose();
  });

  it("preprocessing 'none' refuses rows its sigmoid target cannot reconstruct, naming the fix", async () => {
    const d = new A3Detector({ ...config, preprocessing: 'none' });
    const err = await d.fit(train, { backend: 'onnx' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toMatch(
      /train\.x row 0, value 0 is [\d.]+, outside \[0, 1\], the range target "dense-ae" reconstructs.*Drop preprocessing: 'none'/,
    );
    expect(() => new A3Detector({ preprocessing: 'z-score' as never })).toThrow(
      /preprocessing must be 'min-max' or 'none'/,
    );
  });

  it('models saved before the field existed load as unscaled (preprocessing none)', async () => {
    const dir = join(root, 'old-format');
    await detector.save(dir);
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
    const range = manifest.inputScaler;
    delete manifest.config.preprocessing;
    delete manifest.config.contamination;
    delete manifest.inputScaler;
    manifest.formatVersion = 1;
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
    const old = await A3Detector.load(dir, { backend: 'onnx' });
    expect(old.config.preprocessing).toBe('none');
    expect(old.inputScaler).toBeNull();
    // The same networks without the scaler: they score x that is already scaled.
    const again = await old.score(scaledByHand(test.x, range));
    expect(again.reduce((m, s, i) => Math.max(m, Math.abs(s - scores[i])), 0)).toBeLessThan(1e-5);
    old.dispose();
  });

  it('a scaler that contradicts the config is a FormatError', async () => {
    const dir = join(root, 'contradiction');
    await detector.save(dir);
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
    manifest.inputScaler.min = [0];
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
    await expect(A3Detector.load(dir, { backend: 'onnx' })).rejects.toThrow(
      /"inputScaler" "min" must list 8 numbers/,
    );
    manifest.inputScaler = null;
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
    await expect(A3Detector.load(dir, { backend: 'onnx' })).rejects.toThrow(/holds no fitted "inputScaler"/);
  });
});
