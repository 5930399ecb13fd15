import { isNoisy, median, NOISY_SPREAD } from '../measure/stats';
import type { BenchReport, BenchResult } from '../report/types';
import type { WorkloadId } from '../workloads/workload';

/**
 * Rounds (--rounds N): every backend is measured N times, the backend order alternating each
 * round (A B C, C B A, A B C, …), so a slow spell of a shared machine lands on every backend
 * rather than on whichever one happened to run then; per workload and backend the rounds'
 * results are merged into one row.
 */

/**
 * Rounds of `a3-bench --write-docs` unless --rounds says otherwise (ad-hoc runs: 1). Five, not
 * three: on the 2-core build machine two of three rounds of one backend could land in slow
 * spells (onnx infer-b1024 at 13.4, 19.3 and 10.2 ms in one run), and the median of five
 * survives two; the extra rounds cost ~15 s there, as the slow cells run once anyway.
 */
export const DOCS_ROUNDS = 5;

/** The order of round `round` (0-based): as given in even rounds, reversed in odd ones. */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...items] : [...items].reverse();
}

/** One workload on one backend: what rounds repeat and merge. */
export function cellKey(workload: WorkloadId, backend: string): string {
  return `${workload}\u0000${backend}`;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * One row from the rows of several rounds of one cell: the median of the rounds' medians
 * (p50 likewise, p99 the median of the rounds' p99s, AUC the median of the fits'), min and max
 * over every repetition, repetitions summed, peak RSS and backend memory the largest, rates
 * recomputed from the merged median. Noisy as in one round: (max − min) / median above
 * NOISY_SPREAD over ≥ 3 repetitions; for latency rows (which keep no raw samples) any noisy
 * round, or rounds whose p50s lie further apart than that.
 */
export function mergeCell(rows: readonly BenchResult[]): BenchResult {
  const { singleRound: _single, ...first } = rows[0];
  if (rows.length === 1) return { ...first, rounds: 1 };
  const med = median(rows.map((r) => r.medianMs));
  const minMs = Math.min(...rows.map((r) => r.minMs));
  const maxMs = Math.max(...rows.map((r) => r.maxMs));
  const reps = rows.reduce((a, r) => a + r.reps, 0);
  // samples/s × median is the samples of one rep (× 1000): the same in every round.
  const rate = (pick: (r: BenchResult) => number) =>
    med > 0 ? mean(rows.map((r) => pick(r) * r.medianMs)) / med : 0;
  const out: BenchResult = {
    ...first,
    medianMs: round(med, 3),
    minMs,
    maxMs,
    samplesPerSec: round(
      rate((r) => r.samplesPerSec),
      1,
    ),
    gflops:
      first.gflops === null
        ? null
        : round(
            typeof first.flopsPerRep === 'number' && med > 0
              ? first.flopsPerRep / med / 1e6
              : rate((r) => r.gflops ?? 0),
            2,
          ),
    reps,
    peakRssMiB: Math.max(...rows.map((r) => r.peakRssMiB)),
    backendMiB: Math.max(...rows.map((r) => r.backendMiB)),
    noisy: false,
    rounds: rows.length,
  };
  const p50s = rows.map((r) => r.p50Ms).filter((x): x is number => x !== undefined);
  const p99s = rows.map((r) => r.p99Ms).filter((x): x is number => x !== undefined);
  if (p50s.length === rows.length && p99s.length === rows.length) {
    out.p50Ms = round(median(p50s), 3);
    out.p99Ms = round(median(p99s), 3);
    const apart = out.p50Ms > 0 ? (Math.max(...p50s) - Math.min(...p50s)) / out.p50Ms : 0;
    out.noisy = rows.some((r) => r.noisy) || apart > NOISY_SPREAD;
  } else {
    out.noisy = isNoisy({ reps, minMs, maxMs, medianMs: med });
  }
  const aucs = rows.map((r) => r.auc).filter((x): x is number => x !== undefined);
  if (aucs.length) out.auc = round(median(aucs), 4);
  return out;
}

/**
 * Rows of every round, one row per round and cell, merged into one row per cell (in the order
 * cells first appear); every merged row says how many rounds it merges.
 */
export function mergeRoundRows(rows: readonly BenchResult[]): BenchResult[] {
  const cells = new Map<string, BenchResult[]>();
  for (const r of rows) {
    const key = cellKey(r.workload, r.backend);
    const list = cells.get(key);
    if (list) list.push(r);
    else cells.set(key, [r]);
  }
  return [...cells.values()].map(mergeCell);
}

/**
 * Cells of one backend that later rounds leave alone after this round's report: skipped ones
 * (the reason does not change), failed ones (a crash would likely repeat), and rows measured
 * whole (`singleRound`). Without a report (the process died) every cell it was given.
 */
export function settledCells(
  backend: string,
  given: readonly WorkloadId[],
  report: Pick<BenchReport, 'results' | 'skipped' | 'failed'> | undefined,
): string[] {
  if (!report) return given.map((w) => cellKey(w, backend));
  return [
    ...report.skipped.filter((s) => s.backend === backend).map((s) => cellKey(s.workload, backend)),
    ...report.failed.filter((f) => f.backend === backend).map((f) => cellKey(f.workload, backend)),
    ...report.results
      .filter((r) => r.backend === backend && r.singleRound)
      .map((r) => cellKey(r.workload, backend)),
  ];
}

/** "in 3 rounds, the backend order alternating (onnx → tfjs-cpu, then back)" — for report text. */
export function roundsPhrase(rounds: number, backends: readonly string[]): string {
  if (rounds <= 1) return 'in one round';
  const order =
    backends.length > 1
      ? `, the backend order alternating (${backends[0]} → ${backends[backends.length - 1]}, then back)`
      : '';
  return `in ${rounds} rounds${order}`;
}
