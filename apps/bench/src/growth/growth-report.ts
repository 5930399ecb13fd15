import { machineWasBusy } from '../measure/machine';
import { fmtMs, fmtRate } from '../report/format';
import type { GrowthPoint, GrowthReport } from './run-growth';

function fmtSize(n: number): string {
  return n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6} M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3} k` : String(n);
}

/** Each point's cost per unit relative to the first point's: 1.0 everywhere is linear cost. */
function relative(points: readonly GrowthPoint[], p: GrowthPoint): string {
  const base = points.find((q) => Number.isFinite(q.usPerUnit));
  return base && Number.isFinite(p.usPerUnit) ? `${(p.usPerUnit / base.usPerUnit).toFixed(2)}×` : '—';
}

function table(title: string, unit: string, points: readonly GrowthPoint[], rss: boolean): string[] {
  const lines = [
    `### ${title}`,
    '',
    `| size | wall | ${unit} | per unit vs smallest |${rss ? ' peak RSS MiB |' : ''}`,
    `|--:|--:|--:|--:|${rss ? '--:|' : ''}`,
  ];
  for (const p of points) {
    if (p.failed) {
      lines.push(
        `| ${fmtSize(p.size)} | failed: ${p.failed.replace(/\|/g, '/').slice(0, 200)} | | |${rss ? ' |' : ''}`,
      );
      continue;
    }
    lines.push(
      `| ${fmtSize(p.size)} | ${(p.ms / 1000).toFixed(2)} s | ${fmtMs(p.usPerUnit)} µs | ${relative(points, p)} |` +
        (rss ? ` ${p.peakRssMiB !== undefined ? fmtRate(p.peakRssMiB) : '—'} |` : ''),
    );
  }
  return lines;
}

/** The growth tables (stdout, --out and the docs section). */
export function renderGrowthMarkdown(r: GrowthReport): string {
  const m = r.machine;
  const out = ['## Growth', ''];
  out.push(
    'How time and memory grow with the work, each point one run (`a3-bench --growth`). "Per unit vs smallest": ' +
      'the cost per row (per scored row for input-width) relative to the smallest size — 1.00× all along is linear cost.',
    '',
  );
  const s = r.series;
  if (s['score-rows']) {
    out.push(
      ...table(
        'Rows scored (`a3 score MODEL rows.csv --out scores.csv`, NSL-KDD-shaped CSV, one process each)',
        'µs per row',
        s['score-rows'],
        true,
      ),
      '',
    );
  }
  if (s['train-rows']) {
    out.push(
      ...table(
        'Training rows (`a3 train --dataset csv`, one epoch per phase, `--preset paper`, one process each)',
        'µs per row',
        s['train-rows'],
        true,
      ),
      '',
      'Training holds its data in memory (rows × features as float32, plus the split), so its peak RSS grows with the rows; scoring streams.',
      '',
    );
  }
  if (s['input-width']) {
    out.push(
      ...table(
        `Input width (synthetic rows: A³ fit ${r.widthPlan.steps} + ${r.widthPlan.steps} steps on ${fmtSize(r.widthPlan.trainRows)} rows, then ${fmtSize(r.widthPlan.scoreRows)} rows scored; wall = scoring)`,
        'µs per scored row',
        s['input-width'],
        false,
      ),
    );
    out.push(
      '',
      `Fit times: ${s['input-width'].map((p) => `${p.size}: ${p.fitMs !== undefined ? `${(p.fitMs / 1000).toFixed(2)} s` : '—'}`).join(', ')}.`,
      '',
    );
  }
  const busy = machineWasBusy(m)
    ? `**The machine was busy** (load average ${m.loadBefore} before, ${m.loadAfter} after, on ${m.cores} cores).`
    : `Load average ${m.loadBefore} before and ${m.loadAfter} after, on ${m.cores} cores.`;
  out.push(`${m.cpu}, ${m.cores} cores, Node ${m.node}. ${busy} Run took ${m.durationSec} s.`, '');
  out.push(
    'Reproduce: `npx a3-bench --growth --write-docs` (add `--max-score-rows 10000000` for the 10 M point; `npm run build` first).',
  );
  return out.join('\n');
}
