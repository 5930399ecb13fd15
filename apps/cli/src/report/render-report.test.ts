import { averagePrecision, rocAuc } from '@a3/metrics';
import { describe, expect, it } from 'vitest';
import { downsampleCurve } from './chart/downsample';
import { renderReport, type ReportInput } from './index';

/** Seeded LCG: reproducible synthetic scores without a dependency. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function synthetic(n: number, seed: number): Pick<ReportInput, 'labels' | 'scores' | 'baseline'> {
  const rand = lcg(seed);
  const labels = new Uint8Array(n).map((_, i) => (i < 2 ? i : rand() < 0.1 ? 1 : 0));
  const scores = Float32Array.from(labels, (y) =>
    Math.min(1, Math.max(0, 0.3 + 0.35 * y + 0.2 * (rand() - 0.5) * 2)),
  );
  const base = Float64Array.from(labels, (y) => Math.round((0.4 + 0.15 * y + rand() * 0.5) * 100) / 100);
  return { labels, scores, baseline: { name: 'Isolation <Forest> & co', scores: base } };
}

const data = synthetic(20_000, 42);
const input: ReportInput = {
  title: 'NSL-KDD <DoS> "known" anomalies',
  metrics: { 'AUC-ROC': 0.91234567, 'AUC-PR': 0.5, threshold: 0.5, nKnown: 5, note: 'a < b' },
  config: {
    target: { kind: 'dense-ae', layers: [200, 100, 50, 25] },
    alarm: { lr: 1e-5, epochs: 60 },
    data: { path: "/tmp/<script>alert('x')</script>.csv" },
    seed: 2409,
  },
  ...data,
};

describe('renderReport', () => {
  const html = renderReport(input);

  it('is a self-contained page with ROC, PR and histogram charts as inline SVG', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.match(/<svg /g)).toHaveLength(4);
    for (const id of ['roc-chart', 'pr-chart', 'hist-a3', 'hist-baseline']) {
      expect(html).toContain(`<svg class="chart" id="${id}"`);
    }
    expect(html).toContain('class="curve roc"');
    expect(html).toContain('class="curve pr"');
    expect(html).toContain('class="bar-anomaly"');
    expect(html).toContain('class="threshold"');
    // Nothing to fetch: no scripts, links, images or remote URLs (the SVG namespace is a name).
    expect(html).not.toMatch(/<script|<link|<img|\ssrc=|\shref=|@import/i);
    expect(html.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:/);
  });

  it('escapes the title, metric names, baseline name and configuration', () => {
    expect(html).toContain('<title>NSL-KDD &lt;DoS&gt; &quot;known&quot; anomalies</title>');
    expect(html).toContain('<td class="num">a &lt; b</td>');
    expect(html).toContain('Isolation &lt;Forest&gt; &amp; co');
    expect(html).toContain(
      '<code>data.path</code></th><td><code>/tmp/&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;.csv</code>',
    );
    expect(html).toContain('<code>target.layers</code></th><td><code>[200,100,50,25]</code>');
    expect(html).toContain('<code>alarm.lr</code></th><td><code>0.00001</code>');
    expect(html).not.toContain('<Forest>');
  });

  it('lists the metrics and labels the curves with AUC and AP from @a3/metrics', () => {
    // Four decimals, as a3 evaluate prints them.
    expect(html).toContain('<th scope="row">AUC-ROC</th><td class="num">0.9123</td>');
    expect(html).toContain(`A³ · AUC ${rocAuc(data.labels, data.scores).toFixed(3)}`);
    expect(html).toContain(`A³ · AP ${averagePrecision(data.labels, data.scores).toFixed(3)}`);
  });

  it('draws at most 500 points per curve even for 20,000 distinct scores', () => {
    const curves = [...html.matchAll(/<polyline class="curve roc" points="([^"]*)"/g)];
    expect(curves).toHaveLength(2);
    for (const [, points] of curves) expect(points.split(' ').length).toBeLessThanOrEqual(500);
    for (const [, d] of html.matchAll(/<path class="curve pr" d="([^"]*)"/g)) {
      expect(d.split('H').length - 1).toBeLessThanOrEqual(500);
    }
  });

  it('renders without a baseline and with empty metrics and config', () => {
    const page = renderReport({ ...input, baseline: undefined, metrics: {}, config: {} });
    expect(page.match(/<svg /g)).toHaveLength(3);
    expect(page).toContain('No metrics were given.');
    expect(page).toContain('No configuration was given.');
  });

  it('rejects a baseline scored on other samples', () => {
    expect(() => renderReport({ ...input, baseline: { name: 'IF', scores: [0.1, 0.2] } })).toThrow(
      /renderReport: baseline "IF" has 2 scores but labels has 20000/,
    );
  });
});

describe('renderReport metric names and values', () => {
  it('names every metric a3 evaluate prints as people do and prints its values as the CLI does', () => {
    const page = renderReport({
      ...input,
      metrics: {
        aucRoc: 1,
        aucPr: 0.87654,
        f1: 0.5,
        precision: 0.25,
        recall: 1,
        threshold: 2.5e-5,
        n: 1,
        nAnomalies: 0,
      },
    });
    const rows = [
      ...page.matchAll(/<tr><th scope="row">([^<]*)<\/th><td class="num">([^<]*)<\/td><\/tr>/g),
    ].map((m) => `${m[1]}=${m[2]}`);
    expect(rows).toEqual([
      'AUC-ROC=1.0000',
      'AUC-PR=0.8765',
      'F1 at threshold=0.5000',
      'Precision at threshold=0.2500',
      'Recall at threshold=1.0000',
      // A tiny threshold keeps its digits instead of printing as 0.0000.
      'Threshold=0.000025',
      // Counts stay integers, even 1 and 0.
      'Test rows=1',
      'Test anomalies=0',
    ]);
    expect(page).not.toMatch(/aucRoc|aucPr|nAnomalies/);
  });
});

describe('renderHistogram on a log-count axis', () => {
  // 10,000 normals within 0.001 of 0 and 20 anomalies spread over (0, 1]: the case where a
  // linear axis shows one bar and nothing else.
  const labels = new Uint8Array(10_020).fill(1, 10_000);
  const scores = Float64Array.from(labels, (y, i) => (y ? (i - 9_999) / 20 : (i % 100) * 1e-5));
  const page = renderReport({ title: 't', metrics: {}, config: {}, labels, scores });
  const svg = /<svg class="chart" id="hist-a3"[\s\S]*?<\/svg>/.exec(page)?.[0] ?? '';
  const bars = (cls: string) =>
    [...svg.matchAll(new RegExp(`<rect class="${cls}"[^>]* height="([^"]+)"[^>]*><title>(\\d+) `, 'g'))].map(
      (m) => ({ height: Number(m[1]), count: Number(m[2]) }),
    );

  it('labels the axis and ticks it in decades up to the tallest bin', () => {
    expect(page).toContain('Rows per bin (log scale)');
    const ticks = [
      ...svg.matchAll(/<text class="tick" x="[\d.]+" y="[\d.]+" text-anchor="end">([^<]*)</g),
    ].map((m) => m[1]);
    expect(ticks).toEqual(['1', '10', '100', '1k', '10k']);
  });

  it('gives a bin of one anomaly a visible bar, and bar heights grow with log10 of the count', () => {
    const normal = bars('bar-normal');
    const anomaly = bars('bar-anomaly');
    expect(normal).toEqual([{ count: 10_000, height: expect.any(Number) as number }]);
    expect(anomaly.reduce((n, b) => n + b.count, 0)).toBe(20);
    // The plot is 256 px tall; the axis spans from -0.25 to log10(10000) + 0.15 decades.
    const perDecade = 256 / (4 + 0.15 + 0.25);
    for (const b of [...normal, ...anomaly]) {
      expect(b.height).toBeCloseTo((Math.log10(b.count) + 0.25) * perDecade, 0);
    }
    expect(Math.min(...anomaly.map((b) => b.height))).toBeGreaterThan(10);
  });
});

describe('downsampleCurve', () => {
  it('keeps both ends and returns exactly maxPoints points', () => {
    const xs = Array.from({ length: 10_000 }, (_, i) => i / 9_999);
    const ys = xs.map((x) => Math.sqrt(x));
    const out = downsampleCurve(xs, ys, 500);
    expect(out.xs).toHaveLength(500);
    expect([out.xs[0], out.ys[0], out.xs[499], out.ys[499]]).toEqual([0, 0, 1, 1]);
    expect(downsampleCurve([0, 1], [0, 1], 500).xs).toEqual([0, 1]);
  });
});
