import type { RepPlan } from '../measure/timer';
import type { WorkloadKind } from '../workloads/workload';

/** What the user asked for that decides how many times each workload runs. */
export interface RepRequest {
  quick: boolean;
  /** --reps N, else undefined (auto). */
  reps?: number;
  /** --warmup N, else undefined (2; 1 in --quick). */
  warmup?: number;
}

/** Single-sample calls are cheap and a p99 needs many samples: latency runs this many times --reps. */
export const LATENCY_REPS_FACTOR = 20;

/**
 * Repetitions per workload kind. Full run: steps fill ~4 s (3–30 reps), latency ~3 s
 * (100–1000 calls), a fit runs once. --quick: 1 warm-up, steps fill ~1 s (1–3 reps, so a
 * 3-second tfjs-cpu step runs once), 30 latency calls.
 */
export function repPlan(kind: WorkloadKind, r: RepRequest): RepPlan {
  if (kind === 'once') return { warmup: 0, reps: 1, budgetMs: 0, minReps: 1, maxReps: 1 };
  const warmup = r.warmup ?? (r.quick ? 1 : 2);
  if (kind === 'latency') {
    const fixed = r.reps !== undefined ? r.reps * LATENCY_REPS_FACTOR : r.quick ? 30 : undefined;
    return fixed !== undefined
      ? { warmup, reps: fixed, budgetMs: 0, minReps: fixed, maxReps: fixed }
      : { warmup, reps: 'auto', budgetMs: 3000, minReps: 100, maxReps: 1000 };
  }
  if (r.reps !== undefined) return { warmup, reps: r.reps, budgetMs: 0, minReps: r.reps, maxReps: r.reps };
  return r.quick
    ? { warmup, reps: 'auto', budgetMs: 1000, minReps: 1, maxReps: 3 }
    : { warmup, reps: 'auto', budgetMs: 4000, minReps: 3, maxReps: 30 };
}
