import type { RepPlan } from '../measure/timer';
import type { WorkloadKind } from '../workloads/workload';

/** What the user asked for that decides how many times each workload runs. */
export interface RepRequest {
  quick: boolean;
  /** --reps N, else undefined (auto). */
  reps?: number;
  /** --warmup N, else undefined (2; 1 in --quick). */
  warmup?: number;
  /**
   * The plan is one round of this many (--rounds; default 1): each round gets 1/rounds of the
   * repetitions, and a cell whose first repetition is slow (see repPlan) switches to the whole
   * one-round plan (RepPlan.whole).
   */
  rounds?: number;
}

/** Single-sample calls are cheap and a p99 needs many samples: latency runs this many times --reps. */
export const LATENCY_REPS_FACTOR = 20;

/**
 * With rounds, a fit (kind `once`) that takes at least this long runs in one round only: the
 * fit's gap between such a slow backend and the fast ones (tfjs-wasm ~9×, tfjs-cpu ~140× on
 * 2 cores) is far beyond what a drifting machine moves, and repeating it would double the run.
 */
export const ONCE_ROUND_LIMIT_MS = 5000;

type Counts = Pick<RepPlan, 'reps' | 'budgetMs' | 'minReps' | 'maxReps'>;

/** The repetitions of one whole (one-round) run. */
function wholeCounts(kind: Exclude<WorkloadKind, 'once'>, r: RepRequest): Counts {
  if (kind === 'latency') {
    const fixed = r.reps !== undefined ? r.reps * LATENCY_REPS_FACTOR : r.quick ? 30 : undefined;
    return fixed !== undefined
      ? { reps: fixed, budgetMs: 0, minReps: fixed, maxReps: fixed }
      : { reps: 'auto', budgetMs: 3000, minReps: 100, maxReps: 1000 };
  }
  if (r.reps !== undefined) return { reps: r.reps, budgetMs: 0, minReps: r.reps, maxReps: r.reps };
  return r.quick
    ? { reps: 'auto', budgetMs: 1000, minReps: 1, maxReps: 3 }
    : { reps: 'auto', budgetMs: 4000, minReps: 3, maxReps: 30 };
}

/** The time one whole round spends on a cell's timed repetitions without --reps. */
function autoBudgetMs(kind: Exclude<WorkloadKind, 'once'>, quick: boolean): number {
  return kind === 'latency' ? 3000 : quick ? 1000 : 4000;
}

/**
 * Repetitions per workload kind. Full run: steps fill ~4 s (3–30 reps), latency ~3 s
 * (100–1000 calls), a fit runs once. --quick: 1 warm-up, steps fill ~1 s (1–3 reps, so a
 * 3-second tfjs-cpu step runs once), 30 latency calls.
 *
 * One round of R (--rounds R): budgets, counts and bounds divided by R (counts rounded up, at
 * least 1) so that the rounds together time about as many repetitions as one round alone;
 * warm-ups as in one round (the second is skipped after a first over a quarter of the one-round
 * budget). A cell whose first timed repetition also takes over that quarter (1 s in a full run:
 * tfjs-cpu's steps, tfjs-wasm's 16-step reps) is measured whole, with the one-round plan
 * (`whole`), and not repeated: each round would pay its own slow warm-up for one or two reps.
 * The line does not depend on R, so more rounds do not push a fast backend's cell (tfjs-node's
 * 16-step reps of ~0.4 s) into one round. A fit of ONCE_ROUND_LIMIT_MS or more is measured whole too.
 */
export function repPlan(kind: WorkloadKind, r: RepRequest): RepPlan {
  const rounds = r.rounds ?? 1;
  if (kind === 'once') {
    const once: RepPlan = { warmup: 0, reps: 1, budgetMs: 0, minReps: 1, maxReps: 1 };
    return rounds > 1
      ? {
          ...once,
          whole: { afterMs: ONCE_ROUND_LIMIT_MS, plan: { reps: 1, budgetMs: 0, minReps: 1, maxReps: 1 } },
        }
      : once;
  }
  const warmup = r.warmup ?? (r.quick ? 1 : 2);
  const whole = wholeCounts(kind, r);
  if (rounds === 1) return { warmup, ...whole };
  const share = (n: number) => Math.max(1, Math.ceil(n / rounds));
  const counts: Counts =
    whole.reps === 'auto'
      ? {
          reps: 'auto',
          budgetMs: whole.budgetMs / rounds,
          minReps: share(whole.minReps),
          maxReps: share(whole.maxReps),
        }
      : { reps: share(whole.reps), budgetMs: 0, minReps: share(whole.reps), maxReps: share(whole.reps) };
  const budgetMs = autoBudgetMs(kind, r.quick);
  return {
    warmup,
    ...counts,
    warmupCutMs: budgetMs / 4,
    whole: { afterMs: budgetMs / 4, plan: whole },
  };
}
