import type { DetectorSummary, Stat } from './summary';

/** Metrics as `a3 evaluate` prints them: four decimals. */
const METRIC_DIGITS = 4;
/** Times in seconds: two decimals (fits take from milliseconds to minutes). */
const SECONDS_DIGITS = 2;

/** "0.9712 ± 0.0050", or the mean alone with one seed. */
export function formatStat(s: Stat | null, digits: number): string {
  if (!s) return '—';
  const mean = s.mean.toFixed(digits);
  return s.std === null ? mean : `${mean} ± ${s.std.toFixed(digits)}`;
}

export const formatMetricStat = (s: Stat | null) => formatStat(s, METRIC_DIGITS);
export const formatSecondsStat = (s: Stat | null) => formatStat(s, SECONDS_DIGITS);

const HEADER = ['detector', 'AUC-ROC', 'AUC-PR', 'F1', 'fit s', 'score s'];

/** The cells of one view's table, one row per detector (skipped ones say so in place of numbers). */
export function tableRows(summaries: readonly DetectorSummary[], view: string): string[][] {
  return summaries.map((s) => {
    const v = s.views[view];
    if (!v) return [s.detector, s.status === 'failed' ? 'failed' : 'skipped', '', '', '', ''];
    return [
      s.detector,
      formatMetricStat(v.aucRoc),
      formatMetricStat(v.aucPr),
      formatMetricStat(v.f1),
      formatSecondsStat(s.fitSeconds),
      formatSecondsStat(s.scoreSeconds),
    ];
  });
}

/** A plain-text table with padded columns (numbers right-aligned). */
export function renderTable(
  rows: readonly (readonly string[])[],
  header: readonly string[] = HEADER,
): string {
  const all = [header, ...rows];
  const widths = header.map((_, j) => Math.max(...all.map((r) => (r[j] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, j) => (j === 0 ? (c ?? '').padEnd(widths[j]) : (c ?? '').padStart(widths[j])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Lines naming what was skipped or failed, and why. */
export function problemLines(summaries: readonly DetectorSummary[]): string[] {
  return summaries.flatMap((s) =>
    s.problems.map(
      (p) =>
        `${p.status} ${s.detector} (seed${p.seeds.length > 1 ? 's' : ''} ${p.seeds.join(', ')}): ${p.reason}`,
    ),
  );
}
