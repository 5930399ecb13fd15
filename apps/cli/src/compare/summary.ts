import type { DetectorSpec } from './detectors';
import type { DetectorRun, ViewMetrics } from './run-detector';

/** A number over the seeds that ran: mean, sample standard deviation (n − 1), the values. */
export interface Stat {
  mean: number;
  /** null with fewer than two values. */
  std: number | null;
  /** Per seed, in the order of `seeds` of the summary. */
  values: number[];
}

/** The table's metrics of one view. */
export interface ViewSummary {
  aucRoc: Stat;
  aucPr: Stat;
  f1: Stat;
}

export type SummaryStatus = 'ok' | 'skipped' | 'failed';

/** One detector over all seeds: what the table prints and `--json` holds. */
export interface DetectorSummary {
  detector: string;
  kind: string;
  /** failed: some seed failed; skipped: no seed ran; ok otherwise. */
  status: SummaryStatus;
  /** Seeds that produced numbers (the Stat values follow this order). */
  seeds: number[];
  /** Distinct skip / failure reasons with the seeds they happened on. */
  problems: { status: 'skipped' | 'failed'; reason: string; seeds: number[] }[];
  fitSeconds: Stat | null;
  scoreSeconds: Stat | null;
  /** By view name; empty when no seed ran. */
  views: Record<string, ViewSummary>;
}

export function stat(values: readonly number[]): Stat {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n < 2 ? null : Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  return { mean, std, values: [...values] };
}

/** The view metrics the table shows. */
type TableMetric = 'aucRoc' | 'aucPr' | 'f1';

/** Summaries in the order of `specs`, from the runs of every seed. */
export function summarize(
  specs: readonly DetectorSpec[],
  viewNames: readonly string[],
  runs: readonly DetectorRun[],
): DetectorSummary[] {
  return specs.map((spec) => {
    const mine = runs.filter((r) => r.detector === spec.name);
    const ok = mine.filter((r) => r.status === 'ok');
    const problems: DetectorSummary['problems'] = [];
    for (const r of mine) {
      if (r.status === 'ok') continue;
      const reason = r.reason ?? '';
      const same = problems.find((p) => p.status === r.status && p.reason === reason);
      if (same) same.seeds.push(r.seed);
      else problems.push({ status: r.status, reason, seeds: [r.seed] });
    }
    const status: SummaryStatus = mine.some((r) => r.status === 'failed')
      ? 'failed'
      : ok.length === 0
        ? 'skipped'
        : 'ok';
    const views: Record<string, ViewSummary> = {};
    if (ok.length > 0) {
      for (const v of viewNames) {
        const pick = (m: TableMetric & keyof ViewMetrics) => stat(ok.map((r) => r.views[v][m]));
        views[v] = { aucRoc: pick('aucRoc'), aucPr: pick('aucPr'), f1: pick('f1') };
      }
    }
    return {
      detector: spec.name,
      kind: spec.kind,
      status,
      seeds: ok.map((r) => r.seed),
      problems,
      fitSeconds: ok.length ? stat(ok.map((r) => r.fitSeconds ?? NaN)) : null,
      scoreSeconds: ok.length ? stat(ok.map((r) => r.scoreSeconds ?? NaN)) : null,
      views,
    };
  });
}
