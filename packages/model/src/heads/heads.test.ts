import '@a3/backend-onnx';
import '@a3/backend-tfjs';
import { getBackend, TensorData, UnsupportedError } from '@a3/core';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A3Detector, Calibrator, loadDetector, type A3DetectorConfig, type ModelManifest } from '../index';
import { syntheticProblem, TINY_CONFIG } from '../testing/synthetic';
import { registerTestHeads, unregisterTestHeads } from '../testing/test-heads';
import { calibrationSplit } from './ensemble';

const problem = syntheticProblem({ seed: 4, nNormalTrain: 300, nKnown: 10 });
const config: A3DetectorConfig = {
  ...TINY_CONFIG,
  targetTraining: { ...TINY_CONFIG.targetTraining, epochs: 3 },
  alarmTraining: { ...TINY_CONFIG.alarmTraining, steps: 30, knownShare: 0.125 },
  heads: [
    { detector: 'test-labelled', weight: 1, floor: 0.5 },
    { detector: 'test-centroid', weight: 0.5 },
  ],
  alarmWeight: 2,
};

let root: string;
let detector: A3Detector;
let dir: string;

beforeAll(async () => {
  registerTestHeads();
  root = await mkdtemp(join(tmpdir(), 'a3-heads-'));
  detector = await new A3Detector(config).fit(problem.train, { backend: 'onnx' });
  dir = join(root, 'model');
  await detector.save(dir);
});

afterAll(async () => {
  detector.dispose();
  unregisterTestHeads();
  await rm(root, { recursive: true, force: true });
});

/**
 * Largest absolute difference. Two compilations of one graph may round float32 differently (ONNX
 * Runtime pre-packs frozen weights), and the calibrators' slopes can magnify that a little.
 */
function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

/** Each component's raw scores of x: the alarm's own graph, and each head loaded from its folder. */
async function componentScores(x: TensorData<'float32'>) {
  const exec = await (await getBackend('onnx')).compile(detector.scoreGraph({ alarmOnly: true }));
  const alarm = (await exec.run({ x }, { outputs: ['score'], updates: false })).score.data as Float32Array;
  exec.dispose();
  const scaler = detector.inputScaler!;
  const xs = TensorData.float32(
    [...x.shape],
    Float32Array.from(x.data as Float32Array, (v, i) => {
      const j = i % scaler.min.length;
      const range = scaler.max[j] - scaler.min[j];
      return (v - scaler.min[j]) / (range > 0 ? range : 1);
    }),
  );
  const heads = [];
  for (const sub of ['0-test-labelled', '1-test-centroid']) {
    heads.push(await (await loadDetector(join(dir, 'heads', sub))).score(xs));
  }
  return { alarm, heads };
}

describe('A3Detector with heads', () => {
  it('holds out a seeded share of the normals, only normals, from every component', () => {
    const y = problem.train.y;
    const s = calibrationSplit(y, { fraction: 0.1, maxRows: 2000 }, 7);
    expect(s.calibration.length).toBe(30);
    expect(Array.from(s.calibration).every((i) => y[i] === 0)).toBe(true);
    expect(s.fit.length + s.calibration.length).toBe(y.length);
    expect(new Set([...s.fit, ...s.calibration]).size).toBe(y.length);
    expect(calibrationSplit(y, { fraction: 0.1, maxRows: 2000 }, 7)).toEqual(s);
    expect(calibrationSplit(y, { fraction: 0.5, maxRows: 12 }, 7).calibration.length).toBe(12);
    expect(detector.training.heads).toMatchObject({
      kept: [
        { detector: 'test-labelled', weight: 1 },
        { detector: 'test-centroid', weight: 0.5 },
      ],
      dropped: [],
      calibrationRows: 30,
      fitRows: 280,
    });
  });

  it('score = Σ w·F(s) / Σ w over the alarm and the heads (a floored head: max(F, floor)), F from the calibrators a3.json stores', async () => {
    const manifest = JSON.parse(await readFile(join(dir, 'a3.json'), 'utf8')) as ModelManifest & {
      ensemble: { alarm: unknown; heads: { calibration: unknown }[] };
    };
    expect(manifest.formatVersion).toBe(3);
    const F = [manifest.ensemble.alarm, ...manifest.ensemble.heads.map((h) => h.calibration)].map((c) =>
      Calibrator.fromJSON(c, 'a3.json', 'calibration'),
    );
    expect(F.map((f) => f.rows)).toEqual([30, 30, 30]);
    const { alarm, heads } = await componentScores(problem.test.x);
    const scores = await detector.score(problem.test.x);
    for (let i = 0; i < scores.length; i++) {
      const expected =
        (2 * F[0].cdf(alarm[i]) + 1 * Math.max(F[1].cdf(heads[0][i]), 0.5) + 0.5 * F[2].cdf(heads[1][i])) /
        3.5;
      expect(scores[i]).toBeCloseTo(expected, 5);
    }
    // scoreComponents reports the same raw scores and their calibrated values.
    const parts = await detector.scoreComponents(problem.test.x);
    expect(maxDiff(parts.alarm.scores, alarm)).toBeLessThan(1e-6);
    expect(parts.heads.map((h) => [h.detector, h.weight])).toEqual([
      ['test-labelled', 1],
      ['test-centroid', 0.5],
    ]);
    expect(Array.from(parts.heads[1].scores)).toEqual(Array.from(heads[1]));
    expect(parts.heads[0].calibrated[5]).toBe(F[1].cdf(heads[0][5]));
    // The unseen anomalies sit beyond the normals: most above 1, every normal-looking score below.
    expect(Math.max(...scores)).toBeGreaterThan(1);
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(0);
  });

  it('scores each row on its own: one by one equals all together', async () => {
    const together = await detector.score(problem.test.x);
    for (const i of [0, 7, 150, 299]) {
      const one = await detector.score(problem.test.x.sliceRows(i, i + 1));
      // Equal up to the last float32 bits the backend's matrix kernels give a batch of one.
      expect(Math.abs(one[0] - together[i])).toBeLessThan(1e-5);
    }
  });

  it('saves its heads in heads/ and loads them back: same scores on onnx, close on tfjs-cpu', async () => {
    expect(existsSync(join(dir, 'heads', '0-test-labelled', 'a3.json'))).toBe(true);
    expect(existsSync(join(dir, 'heads', '1-test-centroid', 'a3.json'))).toBe(true);
    const expected = await detector.score(problem.test.x);
    const onnx = await A3Detector.load(dir, { backend: 'onnx' });
    expect(maxDiff(await onnx.score(problem.test.x), expected)).toBeLessThan(1e-5);
    expect(onnx.heads).toEqual(detector.heads);
    onnx.dispose();
    const tfjs = await A3Detector.load(dir, { backend: 'tfjs-cpu' });
    const got = await tfjs.score(problem.test.x);
    expect(got.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i])), 0)).toBeLessThan(1e-3);
    tfjs.dispose();
  });

  it('has no single score graph: scoreGraph / exportOnnx throw UnsupportedError naming alarmOnly', async () => {
    expect(() => detector.scoreGraph()).toThrow(UnsupportedError);
    expect(() => detector.scoreGraph()).toThrow(/alarmOnly: true/);
    await expect(detector.exportOnnx(join(root, 'm.onnx'))).rejects.toThrow(UnsupportedError);
    await detector.exportOnnx(join(root, 'alarm.onnx'), { alarmOnly: true });
    expect(existsSync(join(root, 'alarm.onnx'))).toBe(true);
  });

  it('without known anomalies drops the supervised head with a note and keeps the others', async () => {
    const normals = problem.train.x.gatherRows(Int32Array.from({ length: 300 }, (_, i) => i));
    const d = await new A3Detector(config).fit({ x: normals }, { backend: 'onnx' });
    const heads = d.training.heads as { kept: unknown[]; dropped: { detector: string; reason: string }[] };
    expect(heads.kept).toEqual([{ detector: 'test-centroid', weight: 0.5 }]);
    expect(heads.dropped).toEqual([
      {
        index: 0,
        detector: 'test-labelled',
        reason: 'test-labelled: needs known anomalies (label 1) and got none.',
      },
    ]);
    const modelDir = join(root, 'no-known');
    await d.save(modelDir);
    expect(existsSync(join(modelDir, 'heads', '0-test-labelled'))).toBe(false);
    const back = await A3Detector.load(modelDir, { backend: 'onnx' });
    expect(maxDiff(await back.score(problem.test.x), await d.score(problem.test.x))).toBeLessThan(1e-5);
    back.dispose();
    d.dispose();
  });

  it('a head kind nobody registered: fit and load fail naming @a3/baselines', async () => {
    await expect(
      new A3Detector({ ...config, heads: [{ detector: 'hgb-missing', weight: 1 }] }).fit(problem.train, {
        backend: 'onnx',
      }),
    ).rejects.toThrow(/"hgb-missing" head, a detector kind not registered.*Import '@a3\/baselines'/);
    unregisterTestHeads();
    try {
      await expect(A3Detector.load(dir, { backend: 'onnx' })).rejects.toThrow(
        /The model at .* has a "test-labelled" head, a detector kind not registered.*'@a3\/baselines'/,
      );
    } finally {
      registerTestHeads();
    }
  });

  it('a save without heads over a model with heads removes its heads folder', async () => {
    const target = join(root, 'replaced');
    await detector.save(target);
    const paper = await new A3Detector({
      ...TINY_CONFIG,
      targetTraining: { ...TINY_CONFIG.targetTraining, epochs: 1 },
      alarmTraining: { ...TINY_CONFIG.alarmTraining, epochs: 1 },
    }).fit(problem.train, { backend: 'onnx' });
    await paper.save(target, { force: true });
    expect(existsSync(join(target, 'heads'))).toBe(false);
    const manifest = JSON.parse(await readFile(join(target, 'a3.json'), 'utf8')) as ModelManifest;
    expect(manifest.formatVersion).toBe(2);
    expect((await A3Detector.load(target, { backend: 'onnx' })).heads).toEqual([]);
    paper.dispose();
  });

  it('a crash after the new weights and heads moved in, before a3.json: load finishes the save', async () => {
    // Old model: `dir` copied; new model: the same detector refitted with another alarm weight.
    const target = join(root, 'crashed');
    await cp(dir, target, { recursive: true });
    const fresh = await new A3Detector({ ...config, alarmWeight: 1, seed: 3 }).fit(problem.train, {
      backend: 'onnx',
    });
    const source = join(root, 'fresh');
    await fresh.save(source);
    // What a save of `fresh` over `target` leaves when the process dies before its last rename.
    const staged = join(root, `.crashed.tmp-${2 ** 22 + 1}-0123abcd`);
    await cp(source, staged, { recursive: true });
    await rename(join(staged, 'weights.safetensors'), join(target, 'weights.safetensors'));
    await rm(join(target, 'heads'), { recursive: true });
    await rename(join(staged, 'heads'), join(target, 'heads'));
    const back = await A3Detector.load(target, { backend: 'onnx' });
    expect(maxDiff(await back.score(problem.test.x), await fresh.score(problem.test.x))).toBeLessThan(1e-5);
    expect(existsSync(staged)).toBe(false);
    back.dispose();
    fresh.dispose();
  });
});
