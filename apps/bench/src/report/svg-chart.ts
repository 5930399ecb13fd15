import { backendOrder, chartGroups } from './chart-data';
import { fmtRate } from './format';
import type { BenchResult } from './types';

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#b07aa1', '#edc948', '#9c755f'];
const WIDTH = 820;
const LEFT = 150; // workload and backend labels
const RIGHT = 90; // value labels
const BAR = 14;
const GAP = 4;
const GROUP_GAP = 18;
const TOP = 56;
const HEADER = 16; // workload title above its bars

function decade(d: number): string {
  return d >= 0 ? (10 ** d).toLocaleString('en-US') : `1e${d}`;
}

export function escapeXml(s: string): string {
  return s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/**
 * Samples/s per workload and backend as horizontal bars on a log scale (the backends differ
 * by up to three orders of magnitude, so a linear axis would hide the slow ones). Plain SVG
 * 1.1 with inline styles: renders the same in browsers, GitHub and image viewers.
 */
export function renderChart(
  results: readonly BenchResult[],
  title = 'a3-bench: samples/s (log scale, higher is better)',
): string {
  const groups = chartGroups(results);
  const backends = backendOrder(results);
  const colour = (b: string) => PALETTE[backends.indexOf(b) % PALETTE.length];
  const values = groups.flatMap((g) => g.bars.map((b) => b.samplesPerSec));
  const lo = values.length ? Math.floor(Math.log10(Math.min(...values))) : 0;
  const hi = values.length ? Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...values)))) : 1;
  const plotW = WIDTH - LEFT - RIGHT;
  const x = (v: number) => LEFT + ((Math.log10(Math.max(v, 10 ** lo)) - lo) / Math.max(hi - lo, 1)) * plotW;
  const groupH = (n: number) => HEADER + n * (BAR + GAP) + GROUP_GAP;
  const bodyH = groups.reduce((h, g) => h + groupH(g.bars.length), 0);
  const height = TOP + bodyH + 30;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="18" font-size="13" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  // Legend.
  backends.forEach((b, i) => {
    const lx = LEFT + i * 110;
    out.push(`<rect x="${lx}" y="28" width="10" height="10" fill="${colour(b)}"/>`);
    out.push(`<text x="${lx + 14}" y="37">${escapeXml(b)}</text>`);
  });
  // Decade grid lines and labels.
  for (let d = lo; d <= hi; d++) {
    const gx = x(10 ** d).toFixed(1);
    out.push(`<line x1="${gx}" y1="${TOP - 6}" x2="${gx}" y2="${TOP + bodyH}" stroke="#dddddd"/>`);
    out.push(
      `<text x="${gx}" y="${TOP + bodyH + 14}" text-anchor="middle" fill="#555555">${escapeXml(decade(d))}</text>`,
    );
  }
  let y = TOP;
  for (const g of groups) {
    out.push(`<text x="8" y="${y + 11}" font-weight="bold">${escapeXml(g.workload)}</text>`);
    g.bars.forEach((b, i) => {
      const by = y + HEADER + i * (BAR + GAP);
      const w = Math.max(1, x(b.samplesPerSec) - LEFT);
      out.push(
        `<text x="${LEFT - 8}" y="${by + 11}" text-anchor="end" fill="#555555">${escapeXml(b.backend)}</text>`,
      );
      out.push(
        `<rect x="${LEFT}" y="${by}" width="${w.toFixed(1)}" height="${BAR}" fill="${colour(b.backend)}"><title>${escapeXml(
          `${g.workload} on ${b.backend}: ${fmtRate(b.samplesPerSec)} samples/s`,
        )}</title></rect>`,
      );
      out.push(
        `<text x="${(LEFT + w + 4).toFixed(1)}" y="${by + 11}">${escapeXml(fmtRate(b.samplesPerSec))}</text>`,
      );
    });
    y += groupH(g.bars.length);
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
