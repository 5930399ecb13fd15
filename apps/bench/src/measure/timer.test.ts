import { describe, expect, it } from 'vitest';
import { autoReps, timeReps } from './timer';

describe('repetition planning', () => {
  it('fills the budget within [min, max]', () => {
    expect(autoReps(100, 1000, 3, 20)).toBe(10);
    expect(autoReps(2600, 4000, 3, 20)).toBe(3);
    expect(autoReps(1, 4000, 3, 20)).toBe(20);
    expect(autoReps(0, 4000, 3, 20)).toBe(20);
  });

  it('runs warm-ups and a fixed number of reps (counted, not timed)', async () => {
    let calls = 0;
    let samples = 0;
    const t = await timeReps(
      async () => {
        calls++;
      },
      { warmup: 2, reps: 3, budgetMs: 1000, minReps: 1, maxReps: 10 },
      () => samples++,
    );
    expect(calls).toBe(5);
    expect(samples).toBe(5);
    expect(t.warmupMs).toHaveLength(2);
    expect(t.times).toHaveLength(3);
  });

  // afterMs 0 / Infinity stand for "the first rep was slow / fast": counts only, nothing timed.
  it('switches to the whole plan when the first timed rep fills the round share', async () => {
    let calls = 0;
    const rep = async () => {
      calls++;
    };
    const round = { warmup: 1, reps: 2, budgetMs: 0, minReps: 2, maxReps: 2 };
    const plan = { reps: 5, budgetMs: 0, minReps: 5, maxReps: 5 };
    const slow = await timeReps(rep, { ...round, whole: { afterMs: 0, plan } });
    expect(slow.whole).toBe(true);
    expect(slow.times).toHaveLength(5);
    expect(calls).toBe(6);
    const fast = await timeReps(rep, { ...round, whole: { afterMs: Infinity, plan } });
    expect(fast.whole).toBe(false);
    expect(fast.times).toHaveLength(2);
    const none = await timeReps(rep, round);
    expect(none.whole).toBe(false);
  });
});
