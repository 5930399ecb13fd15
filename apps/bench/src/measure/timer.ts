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
  for (let i = 0; i < plan.warmup; i++) {
    const t0 = performance.now();
    await rep();
    warmupMs.push(performance.now() - t0);
    afterEach();
    if (plan.reps === 'auto' && warmupMs[i] > plan.budgetMs / 4) break;
  }
  let reps: number;
  if (plan.reps !== 'auto') reps = plan.reps;
  else if (warmupMs.length)
    reps = autoReps(warmupMs[warmupMs.length - 1], plan.budgetMs, plan.minReps, plan.maxReps);
  else reps = plan.minReps;
  const times: number[] = [];
  let spent = 0;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await rep();
    const dt = performance.now() - t0;
    times.push(dt);
    afterEach();
    spent += dt;
    // The warm-up can underestimate a step (e.g. the machine got busy): stay near the budget.
    if (plan.reps === 'auto' && i + 1 >= plan.minReps && spent > 2 * plan.budgetMs) break;
  }
  return { times, warmupMs };
}
