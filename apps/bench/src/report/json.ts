import type { BenchReport } from './types';

/**
 * The --json object: `machine`, `results`, `parity`, `unavailable` first (the documented
 * shape), then `skipped`, `failed` and `settings`. One object, no trailing output.
 */
export function toJsonReport(report: BenchReport): Record<string, unknown> {
  return {
    machine: report.machine,
    results: report.results,
    parity: report.parity,
    unavailable: report.unavailable,
    skipped: report.skipped,
    failed: report.failed,
    settings: report.settings,
  };
}

export function renderJson(report: BenchReport): string {
  return JSON.stringify(toJsonReport(report), null, 2);
}
