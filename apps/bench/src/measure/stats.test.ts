import { describe, expect, it } from 'vitest';
import {
  gflopsPerSec,
  isNoisy,
  isNoisyLatency,
  median,
  percentile,
  relativeSpread,
  summarize,
  throughput,
} from './stats';

describe('stats', () => {
  it('median of odd and even samples (numpy linear)', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('percentiles interpolate between closest ranks like numpy', () => {
    const v = Array.from({ length: 101 }, (_, i) => i); // 0..100
    expect(percentile(v, 0.99)).toBeCloseTo(99, 12);
    expect(percentile(v, 0)).toBe(0);
    expect(percentile(v, 1)).toBe(100);
    // np.percentile([1, 2, 3, 4], 99) = 3.97
    expect(percentile([4, 2, 3, 1], 0.99)).toBeCloseTo(3.97, 12);
  });

  it('summarize gives min / median / max / mean / p50 / p99 without mutating the input', () => {
    const t = [10, 30, 20, 40];
    const s = summarize(t);
    expect(s).toMatchObject({ reps: 4, minMs: 10, maxMs: 40, medianMs: 25, meanMs: 25, p50Ms: 25 });
    expect(s.p99Ms).toBeCloseTo(39.7, 12);
    expect(t).toEqual([10, 30, 20, 40]);
  });

  it('rejects empty and non-finite samples and bad quantiles with a clear message', () => {
    expect(() => summarize([])).toThrow(/at least one value/);
    expect(() => median([1, NaN])).toThrow(/non-finite/);
    expect(() => percentile([1], 1.5)).toThrow(/q must be in \[0, 1\]/);
  });

  it('flags a wide min–max spread as noisy only with ≥ 3 repetitions', () => {
    expect(relativeSpread({ minMs: 9, maxMs: 11, medianMs: 10 })).toBeCloseTo(0.2);
    expect(isNoisy({ reps: 5, minMs: 9, maxMs: 11, medianMs: 10 })).toBe(false);
    expect(isNoisy({ reps: 5, minMs: 9, maxMs: 14, medianMs: 10 })).toBe(true);
    expect(isNoisy({ reps: 2, minMs: 9, maxMs: 14, medianMs: 10 })).toBe(false);
  });

  it('judges latency noise on the 10th–90th percentile spread, not one GC pause', () => {
    const steady = Array.from({ length: 100 }, (_, i) => 1 + (i % 10) * 0.01);
    expect(isNoisyLatency([...steady, 40])).toBe(false);
    const busy = Array.from({ length: 100 }, (_, i) => 1 + (i % 10) * 0.2);
    expect(isNoisyLatency(busy)).toBe(true);
  });

  it('throughput and GFLOP/s', () => {
    expect(throughput(256, 16)).toBe(16000);
    expect(gflopsPerSec(2e9, 20)).toBeCloseTo(100);
    expect(throughput(1, 0)).toBe(0);
  });
});
