import { describe, expect, it } from 'vitest';
import { CALIBRATION_TAIL, Calibrator } from '../index';

describe('Calibrator', () => {
  // Calibration scores with ties: sorted 1, 2, 2, 2, 4, 7 (n = 6).
  const c = Calibrator.fit([4, 2, 7, 2, 1, 2]);

  it('at a calibration score: the mid-rank share of normals below (ties count half)', () => {
    // F(1) = (0 + 0.5·1)/6; F(2) = (1 + 0.5·3)/6; F(4) = (4 + 0.5)/6; F(7) = (5 + 0.5)/6.
    expect(c.cdf(1)).toBeCloseTo(0.5 / 6, 14);
    expect(c.cdf(2)).toBeCloseTo(2.5 / 6, 14);
    expect(c.cdf(4)).toBeCloseTo(4.5 / 6, 14);
    expect(c.cdf(7)).toBeCloseTo(5.5 / 6, 14);
  });

  it('between calibration scores: linear between the neighbours', () => {
    // 3 is halfway from 2 (2.5/6) to 4 (4.5/6); 6 is 2/3 of the way from 4 to 7.
    expect(c.cdf(3)).toBeCloseTo(3.5 / 6, 14);
    expect(c.cdf(6)).toBeCloseTo(4.5 / 6 + (2 / 3) * (1 / 6), 14);
    expect(c.cdf(1.5)).toBeCloseTo((0.5 / 6 + 2.5 / 6) / 2, 14);
  });

  it('beyond the largest: 1 + TAIL·log1p((s − max)/spread), spread = max − median = 7 − 2', () => {
    expect(c.spread).toBe(5);
    expect(c.cdf(7.000001)).toBeCloseTo(1 + CALIBRATION_TAIL * Math.log1p(0.000001 / 5), 14);
    expect(c.cdf(12)).toBeCloseTo(1 + CALIBRATION_TAIL * Math.log(2), 14);
    expect(c.cdf(1e9)).toBeCloseTo(1 + CALIBRATION_TAIL * Math.log1p((1e9 - 7) / 5), 10);
    // Order is kept far out, and the tail grows slowly.
    expect(c.cdf(1e9)).toBeGreaterThan(c.cdf(1e8));
    expect(c.cdf(1e9)).toBeLessThan(3.1);
  });

  it('below the smallest: F(min) / (1 + (min − s)/spread), in (0, F(min)]', () => {
    expect(c.cdf(0)).toBeCloseTo(0.5 / 6 / (1 + 1 / 5), 14);
    expect(c.cdf(-1e6)).toBeGreaterThan(0);
    expect(c.cdf(-1e6)).toBeLessThan(c.cdf(-1e5));
  });

  it('is monotone over a sweep and survives its JSON form exactly', () => {
    const back = Calibrator.fromJSON(JSON.parse(JSON.stringify(c.toJSON())), 'a3.json', 'calibration');
    let prev = -Infinity;
    for (let s = -3; s <= 12; s += 0.01) {
      const f = c.cdf(s);
      expect(f).toBeGreaterThanOrEqual(prev);
      expect(back.cdf(s)).toBe(f);
      prev = f;
    }
  });

  it('spread falls back when the upper half is flat, and when all scores are equal', () => {
    // Median 3 = max: spread = max − min = 2.
    expect(Calibrator.fit([1, 3, 3]).spread).toBe(2);
    const flat = Calibrator.fit([0.5, 0.5]);
    expect(flat.spread).toBeCloseTo(1e-6, 20);
    expect(flat.cdf(0.5)).toBe(0.5);
    expect(flat.cdf(0.6)).toBeCloseTo(1 + CALIBRATION_TAIL * Math.log1p(0.1 / 1e-6), 10);
  });

  it('refuses empty or non-finite calibration scores, and a corrupt stored form', () => {
    expect(() => Calibrator.fit([])).toThrow(/at least one/);
    expect(() => Calibrator.fit([1, NaN])).toThrow(/finite/);
    expect(() => Calibrator.fromJSON({ scores: ['x'] }, 'm/a3.json', 'ensemble.alarm')).toThrow(
      /m\/a3\.json: ensemble\.alarm must be/,
    );
  });
});
