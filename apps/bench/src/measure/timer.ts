import { performance } from 'node:perf_hooks';

/** How many repetitions to run: a fixed count, or as many as fit a time budget. */
export interface RepPlan {
  /** Untimed runs first; the first one also compiles. */
  warmup: number;
  /** Fixed count (`--reps N`), or 'auto': fill `budgetMs`, within [minReps, maxReps]. */
  reps: number | 'auto';
  budgetMs: number;
  minReps: number;
  maxReps: number;
  /** Further warm-ups are skipped once one took longer than this (default: budgetMs / 4). */
  warmupCutMs?: number;
  /**
   * One round of several (--rounds): when the first timed repetition takes at least `afterMs`,
   * the cell is too slow to be worth repeating in every round (each round pays its own warm-up
   * for a rep or two): it switches to `plan` (the one-round plan) and is measured whole here.
   */
  whole?: { afterMs: number; plan: Pick<RepPlan, 'reps' | 'budgetMs' | 'minReps' | 'maxReps'> };
}

/** Repetitions that fit `budgetMs` at `lastMs` each, clamped to [min, max]. */
export function autoReps(lastMs: number, budgetMs: number, min: number, max: number): number {
  const fit = lastMs > 0 ? Math.floor(budgetMs / lastMs) : max;
  return Math.max(min, Math.min(max, fit));
}

export interface Timings {
  /** Wall time of each timed repetition, ms. */
  times: number[];
  /** Wall time of each warm-up run, ms (the first includes compiling). */
  warmupMs: number[];
  /** The plan switched to `plan.whole` (its first repetition took at least `whole.afterMs`). */
  whole: boolean;
}

/**
 * Warm-up, then timed repetitions of `rep`. Every repetition awaits its outputs on the host,
 * so the time is what a caller waits for, not just a kernel launch. In 'auto' mode a second
 * warm-up is skipped when the first already used a quarter of the budget (slow backends are
 * warm after one step; their reps are what costs).
 */
export async function timeReps(
  rep: () => Promise<void>,
  plan: RepPlan,
  afterEach: () => void = () => {},
): Promise<Timings> {
  const warmupMs: number[] = [];
  const cut = plan.warmupCutMs ?? plan.budgetMs / 4;
  for (let i = 0; i < plan.warmup; i++) {
    const t0 = performance.now();
    await rep();
    warmupMs.push(performance.now() - t0);
    afterEach();
    if (plan.reps === 'auto' && warmupMs[i] > cut) break;
  }
  let p: Pick<RepPlan, 'reps' | 'budgetMs' | 'minReps' | 'maxReps'> = plan;
  const count = (lastMs: number | undefined) =>
    p.reps !== 'auto'
      ? p.reps
      : lastMs !== undefined
        ? autoReps(lastMs, p.budgetMs, p.minReps, p.maxReps)
        : p.minReps;
  let reps = count(warmupMs.at(-1));
  let whole = false;
  const times: number[] = [];
  let spent = 0;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await rep();
    const dt = performance.now() - t0;
    times.push(dt);
    afterEach();
    spent += dt;
    if (i === 0 && plan.whole) {
      if (dt >= plan.whole.afterMs) {
        p = plan.whole.plan;
        whole = true;
        reps = count(dt);
      } else {
        // A round's share is small: a compile-inclusive warm-up (the second is skipped after a
        // slow first) would leave it at its minimum, 1 rep. The first warm rep counts better.
        reps = Math.max(reps, count(dt));
      }
    }
    // The warm-up can underestimate a step (e.g. the machine got busy): stay near the budget.
    if (p.reps === 'auto' && i + 1 >= p.minReps && spent > 2 * p.budgetMs) break;
  }
  return { times, warmupMs, whole };
}
