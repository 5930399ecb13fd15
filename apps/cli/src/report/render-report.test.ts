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
    expect(html).toContain('<th scope="row">AUC-ROC</th><td class="num">0.912346</td>');
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
