import { Rng } from '@a3/core';
import { describe, expect, it } from 'vitest';
import { shouldStop, stratifiedSplit } from './boosting';
import { baselineLogOdds, gradientHessian, log1pexp, meanLoss } from './loss';

describe('early stopping', () => {
  it("is scikit-learn's _should_stop: none of the last k scores beats the one before them by > tol", () => {
    const k = 3;
    // Fewer than k + 1 scores: never.
    expect(shouldStop([-1, -0.5, -0.4], k, 0)).toBe(false);
    // The reference is scores[-4] = -0.5; -0.45 beats it.
    expect(shouldStop([-1, -0.5, -0.6, -0.45, -0.7], k, 0)).toBe(false);
    expect(shouldStop([-1, -0.5, -0.6, -0.5, -0.7], k, 0)).toBe(true);
    // A gain within tol is no gain.
    expect(shouldStop([-1, -0.5, -0.6, -0.5 + 1e-8, -0.7], k, 1e-7)).toBe(true);
  });

  it('holds out ceil(fraction·n) rows stratified by label, seeded, each part in row order', () => {
    const y = Uint8Array.from({ length: 1003 }, (_, i) => (i % 10 === 0 ? 1 : 0)); // 101 positives
    const a = stratifiedSplit(y, 0.1, new Rng(5));
    expect(a.validation.length).toBe(Math.ceil(0.1 * 1003));
    expect(a.train.length + a.validation.length).toBe(1003);
    expect(new Set([...a.train, ...a.validation]).size).toBe(1003);
    // Training share of the positives: 101 · 902 / 1003 = 90.8 → 91 (largest remainder).
    expect(Array.from(a.train).filter((r) => y[r] === 1).length).toBe(91);
    expect(Array.from(a.train)).toEqual(Array.from(a.train).sort((p, q) => p - q));
    expect(Array.from(stratifiedSplit(y, 0.1, new Rng(5)).validation)).toEqual(Array.from(a.validation));
    expect(Array.from(stratifiedSplit(y, 0.1, new Rng(6)).validation)).not.toEqual(Array.from(a.validation));
    // A lone positive stays in training.
    const lone = Uint8Array.from({ length: 50 }, (_, i) => (i === 7 ? 1 : 0));
    expect(Array.from(stratifiedSplit(lone, 0.5, new Rng(0)).train)).toContain(7);
  });
});

describe('the binary log-loss', () => {
  it('has gradient σ(raw) − y and hessian σ(1 − σ), weighted, against finite differences', () => {
    const y = Uint8Array.from([0, 1, 1, 0, 1]);
    const raw = Float64Array.from([-40, -3, 0.2, 5, 25]);
    const w = Float64Array.from([1, 2, 0.5, 3, 1.5]);
    const g = new Float32Array(5);
    const h = new Float32Array(5);
    gradientHessian(y, raw, w, g, h);
    const loss = (r: number, t: number) => log1pexp(r) - t * r;
    for (let i = 0; i < 5; i++) {
      const e = 1e-5;
      const fd = (loss(raw[i] + e, y[i]) - loss(raw[i] - e, y[i])) / (2 * e);
      const fd2 = (loss(raw[i] + e, y[i]) - 2 * loss(raw[i], y[i]) + loss(raw[i] - e, y[i])) / (e * e);
      expect(g[i]).toBeCloseTo(w[i] * fd, 5);
      expect(h[i]).toBeCloseTo(w[i] * fd2, 3);
    }
    // The weighted mean loss and the intercept-only model: log-odds of the weighted mean of y.
    expect(meanLoss(y, raw, w)).toBeCloseTo(
      Array.from(y).reduce((s, t, i) => s + w[i] * loss(raw[i], t), 0) / 8,
      12,
    );
    expect(baselineLogOdds(y, w)).toBeCloseTo(Math.log(4 / 4), 12); // (2 + 0.5 + 1.5) vs (1 + 3)
    expect(baselineLogOdds(Uint8Array.from([1, 1]), Float64Array.from([1, 1]))).toBeCloseTo(
      Math.log((1 - 10 * Number.EPSILON) / (10 * Number.EPSILON)),
      6,
    );
  });
});
