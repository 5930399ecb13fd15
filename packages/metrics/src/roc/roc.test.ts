import { describe, expect, it } from 'vitest';
import { averagePrecision, rocAuc, rocCurve } from '../index';

/** Seeded LCG so the property tests are reproducible without a dependency. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function tiedData(n: number, seed: number): { y: number[]; s: number[] } {
  const rand = lcg(seed);
  const y = Array.from({ length: n }, (_, i) => (i < 2 ? i : rand() < 0.15 ? 1 : 0));
  const s = y.map((label) => Math.round((rand() + 0.3 * label) * 20) / 20);
  return { y, s };
}

describe('rocAuc', () => {
  it('equals the Mann-Whitney probability P(anomaly > normal) + ½ P(tie)', () => {
    const { y, s } = tiedData(1500, 7);
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < y.length; i++) {
      if (y[i] !== 1) continue;
      for (let j = 0; j < y.length; j++) {
        if (y[j] !== 0) continue;
        pairs++;
        wins += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
      }
    }
    expect(Math.abs(rocAuc(y, s) - wins / pairs)).toBeLessThan(1e-12);
  });

  it('does not depend on the order of tied samples', () => {
    const { y, s } = tiedData(400, 11);
    const order = Array.from(y.keys()).reverse();
    expect(
      rocAuc(
        order.map((i) => y[i]),
        order.map((i) => s[i]),
      ),
    ).toBe(rocAuc(y, s));
    expect(
      averagePrecision(
        order.map((i) => y[i]),
        order.map((i) => s[i]),
      ),
    ).toBe(averagePrecision(y, s));
  });

  it('is 1 for a perfect ranking, 0 for a reversed one, ½ for constant scores', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])).toBe(0);
    expect(rocAuc([1, 0, 1, 0], [3, 3, 3, 3])).toBe(0.5);
  });

  it('handles a million tied scores', () => {
    const { y, s } = tiedData(1_000_000, 3);
    const auc = rocAuc(y, Float32Array.from(s));
    expect(auc).toBeGreaterThan(0.5);
  });
});

describe('rocCurve', () => {
  it('starts at (0, 0) with an infinite threshold and ends at (1, 1)', () => {
    const { fpr, tpr, thresholds } = rocCurve([0, 1, 0, 1], [0.2, 0.9, 0.4, 0.4]);
    expect(Array.from(thresholds)).toEqual([Infinity, 0.9, 0.4, 0.2]);
    expect(Array.from(fpr)).toEqual([0, 0, 0.5, 1]);
    expect(Array.from(tpr)).toEqual([0, 0.5, 1, 1]);
  });
});
