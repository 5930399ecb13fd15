import { describe, expect, it } from 'vitest';
import { toResult } from './result';
import { LATENCY_REPS_FACTOR, repPlan } from './plan';

describe('repetition plans', () => {
  it('auto by default, fixed with --reps, small with --quick, once for a fit', () => {
    expect(repPlan('step', { quick: false })).toMatchObject({
      warmup: 2,
      reps: 'auto',
      minReps: 3,
      maxReps: 30,
    });
    expect(repPlan('step', { quick: false, reps: 5 })).toMatchObject({ reps: 5 });
    expect(repPlan('step', { quick: true })).toMatchObject({
      warmup: 1,
      reps: 'auto',
      minReps: 1,
      maxReps: 3,
    });
    expect(repPlan('latency', { quick: false, reps: 3 })).toMatchObject({ reps: 3 * LATENCY_REPS_FACTOR });
    expect(repPlan('latency', { quick: false })).toMatchObject({ reps: 'auto', minReps: 100 });
    expect(repPlan('once', { quick: false, reps: 9, warmup: 3 })).toMatchObject({ warmup: 0, reps: 1 });
    expect(repPlan('step', { quick: true, warmup: 0 })).toMatchObject({ warmup: 0 });
  });
});

describe('result rows', () => {
  it('turns timings into rounded statistics, rates and memory', () => {
    const r = toResult({
      workload: 'latency-b1',
      kind: 'latency',
      backend: 'onnx',
      timesMs: [1, 2, 3, 4, 100],
      samplesPerRep: 1,
      flopsPerRep: 2_680_150,
      extras: {},
      peakRssBytes: 512 * 2 ** 20,
      backendBytes: 2 ** 20,
    });
    expect(r).toMatchObject({
      medianMs: 3,
      minMs: 1,
      maxMs: 100,
      samplesPerSec: 333.3,
      gflops: 0.89,
      flopsPerRep: 2_680_150,
      reps: 5,
      p50Ms: 3,
      peakRssMiB: 512,
      backendMiB: 1,
      noisy: true,
    });
    expect(r.p99Ms).toBeCloseTo(96.16, 2);
  });

  it('keeps gflops null when FLOPs are not counted and carries the AUC', () => {
    const r = toResult({
      workload: 'fit-nsl-kdd',
      kind: 'once',
      backend: 'onnx',
      timesMs: [4000],
      samplesPerRep: 2048,
      flopsPerRep: null,
      extras: { auc: 0.93456 },
      peakRssBytes: 0,
      backendBytes: 0,
    });
    expect(r.gflops).toBeNull();
    expect(r.auc).toBe(0.9346);
    expect(r.p50Ms).toBeUndefined();
    expect(r.noisy).toBe(false);
  });
});
