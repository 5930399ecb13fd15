import { chartGroups } from './chart-data';
import { fmtRate } from './format';
import type { BenchResult } from './types';

const WIDTH = 40;

/**
 * The chart as text for docs/benchmarks.md (GitHub strips inline SVG from markdown): per
 * workload, bars proportional to samples/s relative to the fastest backend — which is the
 * question a user has ("how much slower is the other one?").
 */
export function renderTextChart(results: readonly BenchResult[]): string {
  const groups = chartGroups(results);
  if (groups.length === 0) return '(no results)';
  const nameW = Math.max(...groups.flatMap((g) => g.bars.map((b) => b.backend.length)));
  const lines: string[] = [];
  for (const g of groups) {
    lines.push(`${g.workload} — samples/s, relative to the fastest`);
    const best = g.bars[0].samplesPerSec;
    for (const b of g.bars) {
      const frac = b.samplesPerSec / best;
      const full = Math.round(frac * WIDTH);
      const bar = full > 0 ? '█'.repeat(full) : '▏';
      lines.push(
        `  ${b.backend.padEnd(nameW)}  ${bar.padEnd(WIDTH)}  ${fmtRate(b.samplesPerSec).padStart(9)}`,
      );
    }
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}
