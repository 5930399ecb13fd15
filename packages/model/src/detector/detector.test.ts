import '@a3/backend-onnx';
import '@a3/backend-tfjs';
import { getBackend } from '@a3/core';
import { rocAuc } from '@a3/metrics';
import { beforeAll, describe, expect, it } from 'vitest';
import { A3Detector, type A3ProgressEvent } from '../index';
import { syntheticProblem, TINY_CONFIG } from '../testing/synthetic';

// Normal = 3 tight clusters, 20 known anomalies from 2 other clusters; the test anomalies
// come from 2 clusters never seen in training.
const problem = syntheticProblem({ seed: 11 });
const noKnown = { x: problem.train.x, y: new Uint8Array(problem.train.y.length) };

describe.each(['onnx', 'tfjs-cpu'])('A3Detector on %s (synthetic clusters)', (backend) => {
  let withKnown: A3Detector;
  let withoutKnown: A3Detector;

  beforeAll(async () => {
    withKnown = await new A3Detector({ ...TINY_CONFIG, seed: 3 }).fit(problem.train, { backend });
    withoutKnown = await new A3Detector({ ...TINY_CONFIG, seed: 3 }).fit(noKnown, { backend });
  });

  it('scores unseen anomaly clusters with AUC-ROC ≥ 0.95 from 20 known anomalies', async () => {
    const scores = await withKnown.score(problem.test.x);
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
    expect(rocAuc(problem.test.y, scores)).toBeGreaterThanOrEqual(0.95);
  });

  it('reaches AUC-ROC > 0.85 with no known anomalies (counter-examples only)', async () => {
    expect(rocAuc(problem.test.y, await withoutKnown.score(problem.test.x))).toBeGreaterThan(0.85);
  });

  it('reports the training it did', () => {
    const t = withKnown.training as {
      samples: { knownAnomalies: number };
      alarm: { epochs: number };
      backend: string;
    };
    expect(t.samples.knownAnomalies).toBe(20);
    expect(t.alarm.epochs).toBe(TINY_CONFIG.alarmTraining.epochs);
    expect(t.backend).toBe(backend);
    expect(withKnown.taps.reduce((n, tap) => n + tap.width, 0)).toBe(32 + 16 + 8 + 16 + 32);
  });
});

describe('A3Detector determinism, memory, thresholds (onnx unless noted)', () => {
  const small = {
    ...TINY_CONFIG,
    targetTraining: { ...TINY_CONFIG.targetTraining, epochs: 3 },
    alarmTraining: { ...TINY_CONFIG.alarmTraining, epochs: 3 },
  };

  it('same seed → identical scores; another seed → different ones', async () => {
    const fitScore = async (seed: number) => {
      const d = await new A3Detector(small).fit(problem.train, { backend: 'onnx', seed });
      const s = await d.score(problem.test.x);
      d.dispose();
      return s;
    };
    const a = await fitScore(5);
    const b = await fitScore(5);
    const c = await fitScore(6);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it('keeps tfjs-cpu backend memory flat across a full fit and scoring', async () => {
    const backend = await getBackend('tfjs-cpu');
    const before = backend.memory().numTensors;
    const perEpoch: number[] = [];
    const onProgress = (e: A3ProgressEvent) => {
      if (e.type === 'epoch' && e.phase === 'alarm') perEpoch.push(backend.memory().numTensors);
    };
    const d = await new A3Detector(small).fit(problem.train, { backend: 'tfjs-cpu', onProgress });
    expect(perEpoch).toHaveLength(3);
    expect(new Set(perEpoch).size).toBe(1);
    // fit ends by scoring the training rows for the threshold: the compiled score graph stays.
    d.dispose();
    expect(backend.memory().numTensors).toBe(before);
    await d.score(problem.test.x);
    const afterOne = backend.memory().numTensors;
    await d.score(problem.test.x);
    expect(backend.memory().numTensors).toBe(afterOne);
    d.dispose();
    expect(backend.memory().numTensors).toBe(before);
  });

  it('reports progress phase by phase: target, then alarm', async () => {
    const phases: string[] = [];
    await new A3Detector(small).fit(problem.train, {
      backend: 'onnx',
      onProgress: (e) => {
        if (e.type === 'epoch') phases.push(`${e.phase}:${e.epoch}`);
      },
    });
    expect(phases).toEqual(['target:1', 'target:2', 'target:3', 'alarm:1', 'alarm:2', 'alarm:3']);
  });

  it('predicts with a set or calibrated threshold (score >= threshold is an anomaly)', async () => {
    const d = await new A3Detector(TINY_CONFIG).fit(problem.train, { backend: 'onnx' });
    // fit sets PyOD's default: 10% of the 620 training rows (numpy's 90th percentile → 62 rows above it).
    const trainFlagged = (await d.predict(problem.train.x)).reduce((n, v) => n + v, 0);
    expect(trainFlagged).toBe(62);
    expect((d.training.threshold as { method: string }).method).toMatch(/contamination 0\.1/);
    const scores = await d.score(problem.test.x);
    d.setThreshold(0.5);
    expect(Array.from(await d.predict(problem.test.x))).toEqual(
      Array.from(scores, (s) => (s >= 0.5 ? 1 : 0)),
    );
    const t = await d.calibrateThreshold(problem.test.x, { contamination: 0.25 });
    expect(d.threshold).toBe(t);
    const flagged = (await d.predict(problem.test.x)).reduce((n, v) => n + v, 0);
    expect(flagged).toBeGreaterThanOrEqual(70);
    expect(flagged).toBeLessThanOrEqual(80);
    const f1 = await d.calibrateThreshold(problem.test.x, { y: problem.test.y, strategy: 'best-f1' });
    const pred = await d.predict(problem.test.x);
    expect(pred.reduce((n, v, i) => n + (v === problem.test.y[i] ? 1 : 0), 0)).toBeGreaterThan(280);
    expect(f1).toBeGreaterThan(0);
    expect(() => d.setThreshold(Number.NaN)).toThrow(/finite/);
  });
});
