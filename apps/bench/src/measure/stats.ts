import { InvalidArgumentError } from '@a3/core';

/** Summary of repeated timings, all in milliseconds. */
export interface TimingStats {
  reps: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
}

function sorted(values: readonly number[], what: string): number[] {
  if (values.length === 0) throw new InvalidArgumentError(`${what}: needs at least one value.`);
  for (const v of values) {
    if (!Number.isFinite(v)) throw new InvalidArgumentError(`${what}: got a non-finite value ${v}.`);
  }
  return [...values].sort((a, b) => a - b);
}

/**
 * The q-quantile (0 ≤ q ≤ 1) with linear interpolation between closest ranks — numpy's
 * default ('linear'), so p50 of an even-length sample is the mean of the middle two.
 */
export function percentile(values: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new InvalidArgumentError(`percentile: q must be in [0, 1]; got ${q}.`);
  const s = sorted(values, 'percentile');
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

export function summarize(timesMs: readonly number[]): TimingStats {
  const s = sorted(timesMs, 'summarize');
  return {
    reps: s.length,
    medianMs: percentile(s, 0.5),
    minMs: s[0],
    maxMs: s[s.length - 1],
    meanMs: s.reduce((a, b) => a + b, 0) / s.length,
    p50Ms: percentile(s, 0.5),
    p99Ms: percentile(s, 0.99),
  };
}

/** (max − min) / median: how far apart the fastest and slowest repetition were. */
export function relativeSpread(stats: Pick<TimingStats, 'minMs' | 'maxMs' | 'medianMs'>): number {
  return stats.medianMs > 0 ? (stats.maxMs - stats.minMs) / stats.medianMs : 0;
}

/**
 * Above this relative min–max spread a row is flagged as noisy: on an otherwise idle machine
 * repeated steps of one compiled graph land within a few percent of each other, so a wider
 * spread means something else competed for the cores (or the allocator / GC stepped in).
 */
export const NOISY_SPREAD = 0.25;

export function isNoisy(stats: Pick<TimingStats, 'reps' | 'minMs' | 'maxMs' | 'medianMs'>): boolean {
  return stats.reps >= 3 && relativeSpread(stats) > NOISY_SPREAD;
}

/**
 * Noise for latency samples (hundreds of sub-millisecond calls): one GC pause sets the max,
 * so min–max would flag every run. The 10th–90th percentile spread ignores such single
 * outliers and still widens when the machine is busy (the tail itself is reported as p99).
 */
export function isNoisyLatency(timesMs: readonly number[]): boolean {
  if (timesMs.length < 10) return isNoisy(summarize(timesMs));
  const p50 = percentile(timesMs, 0.5);
  return p50 > 0 && (percentile(timesMs, 0.9) - percentile(timesMs, 0.1)) / p50 > NOISY_SPREAD;
}

/** Samples per second for `samples` processed in `ms`. */
export function throughput(samples: number, ms: number): number {
  return ms > 0 ? (samples * 1000) / ms : 0;
}

/** Achieved GFLOP/s for `flops` floating-point operations done in `ms`. */
export function gflopsPerSec(flops: number, ms: number): number {
  return ms > 0 ? flops / ms / 1e6 : 0;
}
