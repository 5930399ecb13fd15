import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
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

  describe('on a fake clock', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    /** A rep that "takes" the given ms, in turn, on a clock only the reps advance. */
    function fakeReps(ms: number[]) {
      let now = 0;
      let call = 0;
      vi.spyOn(performance, 'now').mockImplementation(() => now);
      return async () => {
        now += ms[Math.min(call++, ms.length - 1)];
      };
    }

    it('in a round plan, counts reps from the first warm rep, not a slow compiling warm-up', async () => {
      // warm-up 1500 ms (compiles; over the cut, so the only one), then 400 ms reps
      const rep = fakeReps([1500, 400]);
      const round = {
        warmup: 2,
        reps: 'auto' as const,
        budgetMs: 1333,
        minReps: 1,
        maxReps: 10,
        warmupCutMs: 1000,
      };
      const whole = { reps: 'auto' as const, budgetMs: 4000, minReps: 3, maxReps: 30 };
      const t = await timeReps(rep, { ...round, whole: { afterMs: 1333, plan: whole } });
      expect(t.warmupMs).toEqual([1500]);
      expect(t.whole).toBe(false);
      expect(t.times).toEqual([400, 400, 400]); // floor(1333 / 400), not floor(1333 / 1500) = 0 → 1
    });

    it('a slow first rep switches to the whole plan', async () => {
      const rep = fakeReps([2000, 2000]);
      const whole = { reps: 'auto' as const, budgetMs: 4000, minReps: 3, maxReps: 30 };
      const t = await timeReps(rep, {
        warmup: 1,
        reps: 'auto',
        budgetMs: 1333,
        minReps: 1,
        maxReps: 10,
        warmupCutMs: 1000,
        whole: { afterMs: 1333, plan: whole },
      });
      expect(t.whole).toBe(true);
      expect(t.times).toEqual([2000, 2000, 2000]); // the one-round minimum of 3
    });

    it('one-round plans count from the warm-up, as before', async () => {
      const rep = fakeReps([1500, 400]);
      const t = await timeReps(rep, { warmup: 2, reps: 'auto', budgetMs: 4000, minReps: 3, maxReps: 30 });
      expect(t.warmupMs).toEqual([1500]);
      expect(t.times).toHaveLength(3); // floor(4000 / 1500) = 2 → min 3
    });
  });
});
