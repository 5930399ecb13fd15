import '@a3/backend-onnx';
import { TensorData } from '@a3/core';
import { describe, expect, it } from 'vitest';
import { A3Detector, DEFAULT_CONTAMINATION, scoresToProba, thresholdAfterFit } from '../index';
import { syntheticProblem, TINY_CONFIG } from '../testing/synthetic';

/** The best F1 over every distinct score as threshold (score >= t flagged), by brute force. */
function bruteForceBestF1(y: ArrayLike<number>, scores: Float32Array): { threshold: number; f1: number } {
  let best = { threshold: Infinity, f1: -1 };
  for (const t of [...new Set(scores)].sort((a, b) => b - a)) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    scores.forEach((s, i) => {
      if (s >= t && y[i] === 1) tp++;
      else if (s >= t) fp++;
      else if (y[i] === 1) fn++;
    });
    const f1 = (2 * tp) / (2 * tp + fp + fn);
    if (f1 > best.f1) best = { threshold: t, f1 };
  }
  return best;
}

const flagged = (scores: Float32Array, t: number) => scores.reduce((n, s) => n + (s >= t ? 1 : 0), 0);

describe('thresholdAfterFit (shared by every detector)', () => {
  const scores = Float32Array.from({ length: 200 }, (_, i) => ((i * 37) % 200) / 199);
  const score = async (x: unknown) => (x === 'train' ? scores : Float32Array.from([0.1, 0.2, 0.9, 0.4, 0.8]));

  it('flags the contamination share of the training rows (default 0.1, as PyOD)', async () => {
    expect(DEFAULT_CONTAMINATION).toBe(0.1);
    const t = await thresholdAfterFit(score as never, 'train' as never);
    expect(flagged(scores, t.threshold)).toBe(20);
    expect(t.method).toBe('contamination 0.1: flags 10% of the training rows');
    expect(
      flagged(
        scores,
        (await thresholdAfterFit(score as never, 'train' as never, { contamination: 0.25 })).threshold,
      ),
    ).toBe(50);
  });

  it('uses the best F1 on validation rows when they hold known anomalies', async () => {
    const y = [0, 0, 1, 0, 1];
    const t = await thresholdAfterFit(score as never, 'train' as never, {
      validation: { x: 'val' as never, y },
    });
    expect(t.threshold).toBe(bruteForceBestF1(y, await score('val')).threshold);
    expect(t.method).toBe('best F1 on validation (5 rows, 2 known anomalies)');
    // Validation without known anomalies cannot rank F1: back to contamination on the training rows.
    const none = await thresholdAfterFit(score as never, 'train' as never, {
      validation: { x: 'val' as never, y: [0, 0, 0, 0, 0] },
    });
    expect(none.method).toMatch(/^contamination/);
  });

  it("scoresToProba maps scores to [0, 1] like PyOD's 'linear' predict_proba", () => {
    // Training scores span [1, 5]: (s − 1) / 4, clipped.
    expect(Array.from(scoresToProba(Float32Array.from([0, 2, 5, 7]), { min: 1, max: 5 }))).toEqual([
      0, 0.25, 1, 1,
    ]);
    expect(Array.from(scoresToProba(Float32Array.from([1, 2]), { min: 1, max: 1 }))).toEqual([0, 1]);
    expect(() => scoresToProba(new Float32Array(1), { min: 2, max: 1 })).toThrow(/min ≤ max/);
  });
});

describe('A3Detector after fit (the PyOD habit)', () => {
  const problem = syntheticProblem({ seed: 11 });
  const small = {
    ...TINY_CONFIG,
    targetTraining: { ...TINY_CONFIG.targetTraining, epochs: 3 },
    alarmTraining: { ...TINY_CONFIG.alarmTraining, epochs: 3 },
  };

  it('predict works right after fit: contamination of the training rows', async () => {
    const d = await new A3Detector({ ...small, contamination: 0.2 }).fit(problem.train, { backend: 'onnx' });
    // 20% of 620 training rows; numpy's 80th percentile leaves 124 rows above it.
    expect((await d.predict(problem.train.x)).reduce((n, v) => n + v, 0)).toBe(124);
    expect(d.training.threshold).toEqual({
      value: d.threshold,
      method: 'contamination 0.2: flags 20% of the training rows',
    });
    const s = await d.score(problem.test.x);
    expect(Array.from(await d.decisionFunction(problem.test.x))).toEqual(Array.from(s));
    expect(Array.from(await d.predictProba(problem.test.x))).toEqual(Array.from(s));
    expect(() => new A3Detector({ contamination: 0.7 })).toThrow(/contamination .* \(0, 0\.5\]/);
    d.dispose();
  });

  it('with known anomalies in the validation data: the best-F1 threshold on it', async () => {
    const validation = {
      x: problem.test.x.sliceRows(0, 300) as TensorData<'float32'>,
      y: problem.test.y.slice(0, 300),
    };
    const d = await new A3Detector(small).fit(problem.train, { backend: 'onnx', validation });
    expect(d.threshold).toBe(bruteForceBestF1(validation.y, await d.score(validation.x)).threshold);
    expect((d.training.threshold as { method: string }).method).toBe(
      'best F1 on validation (300 rows, 100 known anomalies)',
    );
    d.dispose();
  });
});
