import { NOISY_SPREAD } from '../measure/stats';
import { WORKLOAD_IDS } from '../workloads/workload';
import { roundsPhrase } from '../run/rounds';
import { fmtMs, fmtRate, fmtSci, mdCell } from './format';
import type { BenchReport, BenchResult, ParityReport } from './types';

/** Results in report order: by workload, then fastest first. */
export function orderedResults(results: readonly BenchResult[]): BenchResult[] {
  return [...results].sort(
    (a, b) => WORKLOAD_IDS.indexOf(a.workload) - WORKLOAD_IDS.indexOf(b.workload) || a.medianMs - b.medianMs,
  );
}

function notes(r: BenchResult): string {
  const parts: string[] = [];
  if (r.p50Ms !== undefined && r.p99Ms !== undefined)
    parts.push(`p50 ${fmtMs(r.p50Ms)} / p99 ${fmtMs(r.p99Ms)} ms`);
  if (r.auc !== undefined) parts.push(`AUC-ROC ${r.auc.toFixed(3)}`);
  parts.push(
    `${r.reps} rep${r.reps === 1 ? '' : 's'}` +
      (r.rounds !== undefined ? ` in ${r.rounds} round${r.rounds === 1 ? '' : 's'}` : ''),
  );
  if (r.noisy) parts.push('noisy †');
  return parts.join('; ');
}

/** The results table: one row per workload × backend; the fastest median per workload in bold. */
export function renderTable(results: readonly BenchResult[]): string {
  const rows = orderedResults(results);
  const fastest = new Map<string, number>();
  for (const r of rows) fastest.set(r.workload, Math.min(fastest.get(r.workload) ?? Infinity, r.medianMs));
  const lines = [
    '| workload | backend | median ms | min–max ms | samples/s | GFLOP/s | peak RSS MiB | backend MiB | notes |',
    '|---|---|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const r of rows) {
    const median = r.medianMs === fastest.get(r.workload) ? `**${fmtMs(r.medianMs)}**` : fmtMs(r.medianMs);
    lines.push(
      `| ${r.workload} | ${mdCell(r.backend)} | ${median} | ${fmtMs(r.minMs)}–${fmtMs(r.maxMs)} | ` +
        `${fmtRate(r.samplesPerSec)} | ${r.gflops === null ? '–' : fmtRate(r.gflops)} | ` +
        `${r.peakRssMiB.toFixed(0)} | ${r.backendMiB.toFixed(1)} | ${mdCell(notes(r))} |`,
    );
  }
  return lines.join('\n');
}

export function parityLine(p: ParityReport): string {
  if (p.maxAbsDiff === null) return `Score parity: not measured (${p.reason ?? 'no backend ran'}).`;
  const ok = p.maxAbsDiff <= p.tolerance;
  const per = Object.entries(p.perBackend ?? {})
    .filter(([name]) => name !== p.reference)
    .map(([name, d]) => `${name} ${fmtSci(d)}`)
    .join(', ');
  const failed = Object.keys(p.errors ?? {});
  return (
    `Score parity: max |Δscore| = ${fmtSci(p.maxAbsDiff)} ${ok ? '≤' : '>'} ${fmtSci(p.tolerance)} ` +
    `(${ok ? 'OK' : 'MISMATCH'}) — alarm MLP trained on ${p.reference}, weights loaded with writeVariables, ` +
    `${p.samples} test samples scored on ${p.backends.join(', ')}` +
    (per ? ` (vs ${p.reference}: ${per})` : '') +
    (failed.length ? `; could not score on ${failed.map((n) => `${n} (${p.errors![n]})`).join(', ')}` : '') +
    '.'
  );
}

/** Footnotes under the table: noise, parity, and every backend or workload that did not run. */
export function renderNotes(report: BenchReport): string {
  const out: string[] = [];
  const noisy = report.results.filter((r) => r.noisy);
  if (noisy.length) {
    const rounds = report.settings.rounds ?? 1;
    out.push(
      `† min–max spread${rounds > 1 ? ' (over the reps of all rounds)' : ''} above ${Math.round(NOISY_SPREAD * 100)} % of the median on ${noisy.length} of ` +
        `${report.results.length} rows: the machine was noisy (1-minute load average ${report.machine.loadBefore} before, ` +
        `${report.machine.loadAfter} after, on ${report.machine.cores} cores). Medians are still usable; compare ratios, not digits.`,
    );
  }
  out.push(parityLine(report.parity));
  const list = (title: string, items: string[]) => {
    if (items.length) out.push(`${title}\n\n${items.map((i) => `- ${i}`).join('\n')}`);
  };
  list(
    'Not measured (backend unavailable here):',
    report.unavailable.map((u) => `${u.backend}: ${u.reason}`),
  );
  list(
    'Skipped:',
    report.skipped.map((s) => `${s.workload} on ${s.backend}: ${s.reason}`),
  );
  list(
    'Failed:',
    report.failed.map((f) => `${f.workload} on ${f.backend}: ${f.error}`),
  );
  return out.join('\n\n');
}

/** What `a3-bench` prints and `--out` writes as report.md. */
export function renderMarkdown(report: BenchReport): string {
  const m = report.machine;
  const rounds = report.settings.rounds ?? 1;
  const head =
    `a3-bench${report.settings.quick ? ' --quick' : ''}: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ` +
    `Node ${m.node}, ${m.durationSec} s` +
    (rounds > 1
      ? `, ${roundsPhrase(rounds, report.settings.backends)}; medians are the median of the rounds' medians`
      : '');
  return [head, '', renderTable(report.results), '', renderNotes(report), ''].join('\n');
}
