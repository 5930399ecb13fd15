import { Rng } from '@a3/core';
import { describe, expect, it } from 'vitest';
import { binColumns, binThresholds, fitBinMapper, float32AtMost } from './binning';
import {
  HGB_BINS_UNWEIGHTED_15,
  HGB_BINS_WEIGHTED_15,
  HGB_BINS_WEIGHTED_255,
  HGB_POSITIVES,
  HGB_SCALE,
  HGB_TRAIN,
} from './hgb.fixture';

const n = HGB_TRAIN.length;
const d = HGB_TRAIN[0].length;
const x = Float32Array.from(HGB_TRAIN.flat(), (v) => v / HGB_SCALE);
const column = (f: number) => Float64Array.from({ length: n }, (_, i) => x[i * d + f]);
// compute_sample_weight('balanced', y): n / (2 · n_c).
const weights = Float64Array.from({ length: n }, (_, i) =>
  i < HGB_POSITIVES ? n / (2 * HGB_POSITIVES) : n / (2 * (n - HGB_POSITIVES)),
);

describe("binThresholds equals scikit-learn's _BinMapper", () => {
  it.each([
    ['15 bins, balanced weights', 15, weights, HGB_BINS_WEIGHTED_15],
    ['15 bins, no weights', 15, null, HGB_BINS_UNWEIGHTED_15],
    ['255 bins, balanced weights', 255, weights, HGB_BINS_WEIGHTED_255],
  ] as const)('%s', (_, maxBins, w, expected) => {
    for (let f = 0; f < d; f++) {
      // Same float64 arithmetic (midpoints, percentile averages) on the same float32 data: exact.
      expect(Array.from(binThresholds(column(f), w, maxBins))).toEqual(expected[f]);
    }
  });

  it('fits every feature and bins the rows: bin i holds thresholds[i − 1] < x <= thresholds[i]', () => {
    const mapper = fitBinMapper(x, n, d, weights, 15, new Rng(0));
    expect(mapper.thresholds.map((t) => Array.from(t))).toEqual(HGB_BINS_WEIGHTED_15);
    const binned = binColumns(x, n, d, mapper);
    const wrong: string[] = [];
    for (let f = 0; f < d; f++) {
      const t = mapper.thresholds[f];
      expect(mapper.nBins[f]).toBe(t.length + 1);
      for (let i = 0; i < n; i++) {
        const b = binned[f * n + i];
        const v = x[i * d + f];
        if (!((b === 0 || t[b - 1] < v) && (b === t.length || v <= t[b])))
          wrong.push(`row ${i} feature ${f}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('gives a constant feature no threshold and one bin', () => {
    expect(binThresholds(new Float64Array([2, 2, 2]), null, 255).length).toBe(0);
    expect(Array.from(binThresholds(new Float64Array([3, 1, 2, 1]), null, 255))).toEqual([1.5, 2.5]);
  });
});

describe('float32AtMost', () => {
  it('is the largest float32 <= t, so float32 rows compare with it as with t', () => {
    const rng = new Rng(3);
    for (let k = 0; k < 2000; k++) {
      const a = Math.fround((rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 8 - 4));
      // The midpoint of a float32 and its neighbour: rounding to nearest may land on the neighbour.
      const up = new Float32Array([a]);
      new Uint32Array(up.buffer)[0] += a >= 0 ? 1 : -1;
      const b = up[0];
      const t = (a + b) / 2;
      const lo = Math.min(a, b);
      const s = float32AtMost(t);
      expect(Math.fround(s)).toBe(s);
      expect(s).toBeLessThanOrEqual(t);
      expect(s).toBe(lo);
    }
    expect(float32AtMost(-1e-50)).toBeLessThan(0);
    expect(float32AtMost(0.5)).toBe(0.5);
  });
});
