import '@a3/backend-onnx';
import '@a3/backend-tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, TensorData } from '@a3/core';
import { rocAuc } from '@a3/metrics';
import { A3Detector, readDetectorDir } from '@a3/model';
import { afterAll, describe, expect, it } from 'vitest';
import { autoencoderOfA3Model } from './a3-target';
import { AutoencoderDetector } from './autoencoder';

/** Normals on a 2-D plane in 6-D ([0, 1]), anomalies off it. */
function problem(seed: number) {
  const rng = new Rng(seed);
  const row = (off: boolean) => {
    const a = rng.next();
    const b = rng.next();
    const base = [a, b, (a + b) / 2, 1 - a, 1 - b, (2 - a - b) / 2];
    return base.map((v) => (off ? rng.next() : Math.min(1, Math.max(0, v + rng.normal(0, 0.02)))));
  };
  const train = TensorData.fromRows(Array.from({ length: 256 }, () => row(false)));
  const test = TensorData.fromRows([
    ...Array.from({ length: 60 }, () => row(false)),
    ...Array.from({ length: 20 }, () => row(true)),
  ]);
  const y = [...Array<number>(60).fill(0), ...Array<number>(20).fill(1)];
  return { train, test, y };
}

const small = { targetOptions: { encoder: [8, 2] }, epochs: 30, batchSize: 64, learningRate: 1e-2 };
const { train, test, y } = problem(1);

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'a3-ae-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** float64 forward pass of the dense-ae from its weights: relu hidden layers, sigmoid output. */
function reconstructionErrorRef(rows: TensorData<'float32'>, params: Record<string, TensorData>): number[] {
  const layers = ['encoder_1', 'code', 'decoder_1', 'output'];
  const n = rows.shape[0];
  const d = rows.shape[1];
  const out: number[] = [];
  for (let r = 0; r < n; r++) {
    let h = Array.from(rows.data.subarray(r * d, (r + 1) * d));
    const input = h;
    for (const name of layers) {
      const k = params[`target/${name}/kernel`];
      const b = params[`target/${name}/bias`];
      const [rowsK, cols] = k.shape;
      h = Array.from({ length: cols }, (_, j) => {
        let s = b.data[j];
        for (let i = 0; i < rowsK; i++) s += h[i] * k.data[i * cols + j];
        return name === 'output' ? 1 / (1 + Math.exp(-s)) : Math.max(0, s);
      });
    }
    out.push(h.reduce((s, v, i) => s + (v - input[i]) ** 2, 0) / d);
  }
  return out;
}

describe.each(['onnx', 'tfjs-cpu'])('AutoencoderDetector on %s', (backend) => {
  it('scores by the mean squared reconstruction error (float64 reference) and separates off-plane rows', async () => {
    const ae = await new AutoencoderDetector({ ...small, preprocessing: 'none', seed: 3 }).fit(
      { x: train },
      { backend },
    );
    const scores = await ae.score(test);
    const dir = await tempDir();
    await ae.save(dir);
    const { tensors } = await readDetectorDir(dir, 'ae');
    const ref = reconstructionErrorRef(test, tensors);
    ref.forEach((v, i) => expect(scores[i]).toBeCloseTo(v, 5));
    expect(rocAuc(y, scores)).toBeGreaterThan(0.9);
    ae.dispose();
  });

  it('is seeded: the same seed trains the same weights, another seed others', async () => {
    const fitted = (seed: number) =>
      new AutoencoderDetector({ ...small, epochs: 2, seed })
        .fit({ x: train }, { backend })
        .then((d) => d.score(test));
    const a = await fitted(7);
    expect(Array.from(await fitted(7))).toEqual(Array.from(a));
    expect(Array.from(await fitted(8))).not.toEqual(Array.from(a));
  });

  it('saves and loads to equal scores, threshold and scaling', async () => {
    const ae = await new AutoencoderDetector({ ...small, epochs: 3 }).fit({ x: train }, { backend });
    const dir = await tempDir();
    await ae.save(dir);
    const loaded = await AutoencoderDetector.load(dir, { backend });
    expect(loaded.threshold).toBe(ae.threshold);
    expect(Array.from(await loaded.score(test))).toEqual(Array.from(await ae.score(test)));
    const flagged = (await ae.predict(train)).reduce((a, b) => a + b, 0);
    expect(flagged).toBeGreaterThanOrEqual(25); // ~10 % of 256
    expect(flagged).toBeLessThanOrEqual(26);
    ae.dispose();
    loaded.dispose();
  });
});

describe('autoencoderOfA3Model', () => {
  it('is the A³ model’s own target: equal to an ae trained with the same seed and settings', async () => {
    const seed = 5;
    const a3 = await new A3Detector({
      targetOptions: small.targetOptions,
      targetTraining: { epochs: 4, batchSize: small.batchSize, learningRate: small.learningRate },
      alarm: { hidden: [4] },
      alarmTraining: { epochs: 1, batchSize: 64, learningRate: 1e-3 },
      seed,
    }).fit({ x: train }, { backend: 'onnx' });
    const dir = await tempDir();
    await a3.save(dir);
    a3.dispose();
    const fromModel = await autoencoderOfA3Model(dir, { backend: 'onnx' });
    expect(fromModel).not.toBeNull();
    const ae = await new AutoencoderDetector({ ...small, epochs: 4, seed }).fit(
      { x: train },
      { backend: 'onnx' },
    );
    const expected = await ae.score(test);
    const got = await fromModel!.score(test);
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    expect(fromModel!.threshold).toBeNull();
    fromModel!.dispose();
    ae.dispose();
  });

  it('is null for a classifier target', async () => {
    const a3 = await new A3Detector({
      target: 'mlp-classifier',
      targetOptions: { hidden: [4], numClasses: 2 },
      targetTraining: { epochs: 1, batchSize: 64, learningRate: 1e-2 },
      alarm: { hidden: [4] },
      alarmTraining: { epochs: 1, batchSize: 64, learningRate: 1e-3 },
    }).fit({ x: train, classes: Array.from({ length: 256 }, (_, i) => i % 2) }, { backend: 'onnx' });
    const dir = await tempDir();
    await a3.save(dir);
    a3.dispose();
    expect(await autoencoderOfA3Model(dir, { backend: 'onnx' })).toBeNull();
  });
});
