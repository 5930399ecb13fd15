import { describe, expect, it } from 'vitest';
import { toResult } from './result';
import { LATENCY_REPS_FACTOR, ONCE_ROUND_LIMIT_MS, repPlan } from './plan';

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

describe('repetition plans of one round of several', () => {
  it('one round is the plan of old, without a switch to a whole plan', () => {
    for (const kind of ['step', 'latency', 'once'] as const) {
      expect(repPlan(kind, { quick: false, rounds: 1 })).toEqual(repPlan(kind, { quick: false }));
      expect(repPlan(kind, { quick: false }).whole).toBeUndefined();
    }
  });

  it('splits budgets and bounds over the rounds and keeps the whole plan for slow cells', () => {
    const whole = repPlan('step', { quick: false });
    const p = repPlan('step', { quick: false, rounds: 3 });
    expect(p).toMatchObject({ warmup: 2, reps: 'auto', minReps: 1, maxReps: 10, warmupCutMs: 1000 });
    expect(p.budgetMs).toBeCloseTo(4000 / 3);
    // slow means over a quarter of the one-round budget, whatever the number of rounds
    expect(p.whole!.afterMs).toBe(1000);
    expect(repPlan('step', { quick: false, rounds: 5 }).whole!.afterMs).toBe(1000);
    expect(p.whole!.plan).toEqual({ reps: 'auto', budgetMs: 4000, minReps: 3, maxReps: 30 });
    expect(whole.warmupCutMs ?? whole.budgetMs / 4).toBe(p.warmupCutMs);

    const latency = repPlan('latency', { quick: false, rounds: 3 });
    expect(latency).toMatchObject({ reps: 'auto', budgetMs: 1000, minReps: 34, maxReps: 334 });
    expect(latency.whole!.plan).toMatchObject({ minReps: 100, maxReps: 1000 });

    expect(repPlan('step', { quick: true, rounds: 2 })).toMatchObject({
      warmup: 1,
      budgetMs: 500,
      minReps: 1,
      maxReps: 2,
      whole: { afterMs: 250 },
    });
  });

  it('splits a fixed --reps (the total) over the rounds, rounding up', () => {
    const p = repPlan('step', { quick: false, reps: 10, rounds: 3 });
    expect(p).toMatchObject({ reps: 4, minReps: 4, maxReps: 4 });
    expect(p.whole!.plan).toMatchObject({ reps: 10 });
    expect(repPlan('step', { quick: false, reps: 1, rounds: 3 })).toMatchObject({ reps: 1 });
    expect(repPlan('latency', { quick: false, reps: 3, rounds: 3 })).toMatchObject({
      reps: LATENCY_REPS_FACTOR,
    });
  });

  it('runs a fit once per round, unless it takes ONCE_ROUND_LIMIT_MS or more', () => {
    expect(repPlan('once', { quick: false, rounds: 3 })).toMatchObject({
      warmup: 0,
      reps: 1,
      whole: { afterMs: ONCE_ROUND_LIMIT_MS, plan: { reps: 1 } },
    });
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
