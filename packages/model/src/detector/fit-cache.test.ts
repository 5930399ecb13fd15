import '@a3/backend-onnx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A3Detector, A3FitCache, type A3DetectorConfig } from '../index';
import { syntheticProblem, TINY_CONFIG } from '../testing/synthetic';
import { registerTestHeads, unregisterTestHeads } from '../testing/test-heads';

const problem = syntheticProblem({ seed: 9, nNormalTrain: 240, nKnown: 10 });

beforeAll(() => registerTestHeads());
afterAll(() => unregisterTestHeads());

const base: A3DetectorConfig = {
  ...TINY_CONFIG,
  targetTraining: { ...TINY_CONFIG.targetTraining, epochs: 3 },
  alarmTraining: { ...TINY_CONFIG.alarmTraining, steps: 40 },
  heads: [
    { detector: 'test-centroid', weight: 2 },
    { detector: 'test-inverse', weight: 1 },
  ],
  seed: 3,
};
// Differs from base only after training: another head list, weights and threshold share.
const variant: A3DetectorConfig = {
  ...base,
  heads: [{ detector: 'test-inverse', weight: 1 }],
  alarmWeight: 2,
  contamination: 0.05,
};

const maxDiff = (a: Float32Array, b: Float32Array) =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('A3FitCache', () => {
  it('a fit that differs only after training copies the networks and scores as a fit of its own', async () => {
    const cache = new A3FitCache();
    const first = await new A3Detector(base).fit(problem.train, { backend: 'onnx', fitCache: cache });
    const shared = await new A3Detector(variant).fit(problem.train, { backend: 'onnx', fitCache: cache });
    const alone = await new A3Detector(variant).fit(problem.train, { backend: 'onnx' });
    try {
      expect(first.training.networks).toBe('trained');
      expect(shared.training.networks).toBe('reused');
      expect(alone.training.networks).toBeUndefined();
      expect(cache.hits).toBe(1);
      expect(cache.reusedSeconds).toBeGreaterThan(0);
      // The same phases' summaries as the fit that trained them.
      expect(shared.training.alarm).toEqual(first.training.alarm);
      // The copy is the shared fit's own: disposing the first detector leaves it intact.
      first.dispose();
      const x = problem.test.x;
      // Training is deterministic per seed, so the shared networks are the ones this config trains.
      expect(maxDiff(await shared.score(x), await alone.score(x))).toBeLessThan(1e-5);
      expect(shared.threshold).toBeCloseTo(alone.threshold!, 5);
    } finally {
      for (const d of [first, shared, alone]) d.dispose();
    }
  });

  it('trains again when training differs: another alarm budget, labels, seed, or no heads', async () => {
    const cache = new A3FitCache();
    await new A3Detector(base)
      .fit(problem.train, { backend: 'onnx', fitCache: cache })
      .then((d) => d.dispose());
    const y = Uint8Array.from(problem.train.y);
    y[y.indexOf(1)] = 0;
    const misses: [A3DetectorConfig, typeof problem.train][] = [
      [{ ...base, alarmTraining: { ...base.alarmTraining, steps: 41 } }, problem.train],
      [base, { ...problem.train, y }],
      [{ ...base, seed: 4 }, problem.train],
      // Without heads no normals are held out: the alarm trains on other rows.
      [{ ...base, heads: [] }, problem.train],
    ];
    for (const [config, data] of misses) {
      const d = await new A3Detector(config).fit(data, { backend: 'onnx', fitCache: cache });
      expect(d.training.networks).toBe('trained');
      d.dispose();
    }
    expect(cache.hits).toBe(0);
  });
});
