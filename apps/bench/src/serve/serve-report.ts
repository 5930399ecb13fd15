import { DOCS_SECTIONS } from '../report/docs-sections';
import type { ServeBenchReport } from './run-serve-bench';

const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

/** RSS change over a level, in percent of its start. */
export function rssDriftPct(l: { rssStartMiB: number; rssEndMiB: number }): number {
  return ((l.rssEndMiB - l.rssStartMiB) / l.rssStartMiB) * 100;
}

/** The docs section of a run: the float model's, or the int8 model's. */
export function serveSection(quantize: 'none' | 'int8'): '--serve' | '--serve-int8' {
  return quantize === 'int8' ? '--serve-int8' : '--serve';
}

function serveSectionTitle(quantize: 'none' | 'int8'): string {
  return DOCS_SECTIONS[serveSection(quantize)].title;
}

/** The report as a markdown table, one row per server and concurrency, then the comparison. */
export function renderServeMarkdown(r: ServeBenchReport): string {
  const s = r.settings;
  const lines = [
    `## ${serveSectionTitle(s.quantize)} (${s.rowsPerRequest} rows per request)`,
    '',
    `Machine: ${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.machine.node}; load average ` +
      `${r.machine.loadBefore} before, ${r.machine.loadAfter} after; ${r.machine.durationSec} s in all. ` +
      `Model: ${r.model.inputs} raw columns → ${r.model.features} features${r.model.trainedHere ? ' (NSL-KDD, trained for the run)' : ''}. ` +
      `Load: closed loop from the benchmark process (same machine), keep-alive connections, ` +
      `${s.durationSec} s per level, ${s.soakSec} s soak at the highest concurrency.`,
    '',
    '| server | concurrency | seconds | requests | rows/s | p50 ms | p99 ms | errors | RSS MiB start → end (max) | RSS change |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
  ];
  for (const server of r.servers) {
    if (server.skipped || server.failed) {
      lines.push(
        `| ${server.name} | – | – | – | – | – | – | – | ${server.skipped ? 'skipped' : 'failed'}: ${(server.skipped ?? server.failed ?? '').replace(/\|/g, '/').slice(0, 200)} | – |`,
      );
      continue;
    }
    for (const l of server.levels) {
      lines.push(
        `| ${server.name} | ${l.concurrency} | ${fmt(l.durationSec, 0)} | ${l.requests} | ${Math.round(l.rowsPerSec)} | ` +
          `${fmt(l.p50Ms)} | ${fmt(l.p99Ms)} | ${l.errors} | ${fmt(l.rssStartMiB, 0)} → ${fmt(l.rssEndMiB, 0)} (${fmt(l.rssMaxMiB, 0)}) | ` +
          `${fmt(rssDriftPct(l))} % |`,
      );
    }
  }
  const [a3, other] = r.servers;
  const top = (x: typeof a3 | undefined) => x?.levels.at(-1);
  if (top(a3) && top(other)) {
    const ratio = (top(a3)?.rowsPerSec ?? 0) / (top(other)?.rowsPerSec ?? 1);
    lines.push(
      '',
      `At concurrency ${top(a3)?.concurrency}: ${a3.name} ${Math.round(top(a3)?.rowsPerSec ?? 0)} rows/s vs ${other.name} ${Math.round(top(other)?.rowsPerSec ?? 0)} rows/s (${ratio.toFixed(2)}×).`,
    );
  }
  const errs = a3?.levels.flatMap((l) => l.errorSamples) ?? [];
  if (errs.length) lines.push('', `a3 serve errors (first ones): ${errs.join(', ')}`);
  lines.push(
    '',
    ...r.servers
      .filter((x) => x.command)
      .map((x) => `- ${x.name}: \`${x.command}\`${x.setup ? ` (${x.setup})` : ''}`),
  );
  return lines.join('\n');
}
