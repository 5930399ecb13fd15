import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, headlessChromium } from '../testing/chromium';
import { FAST, run, tempDir, writeNslKdd } from '../testing/fixtures';
import { decodePng } from '../testing/png';
import { renderReport } from './index';

const chromium = findChromium();
if (!chromium) {
  const given = process.env.A3_CHROMIUM;
  console.warn(
    '[@a3/cli] skipping the headless-browser report test: ' +
      (given
        ? `A3_CHROMIUM=${given} does not exist.`
        : 'no chromium binary on the PATH (Debian: apt-get install -y chromium, which installs ' +
          '/usr/bin/chromium; or set A3_CHROMIUM to a Chromium or Chrome binary).'),
  );
}

/**
 * Injected into a copy of the page (the report itself has no scripts): measures what the browser
 * laid out and writes the findings into the DOM that --dump-dom prints.
 */
const LAYOUT_CHECK = `(() => {
  const problems = [];
  const text = (el) => (el.textContent || '').trim().slice(0, 80);
  const within = (r, box) => r.left >= box.left - 0.5 && r.right <= box.right + 0.5 &&
    r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) problems.push('page scrolls sideways: ' + doc.scrollWidth + ' > ' + doc.clientWidth);
  for (const card of document.querySelectorAll('.card')) {
    const box = card.getBoundingClientRect();
    if (card.scrollWidth > card.clientWidth) problems.push('panel overflows: ' + text(card.querySelector('h2, figcaption') || card));
    for (const el of card.querySelectorAll('h2, figcaption, p, li, th, td')) {
      if (!within(el.getBoundingClientRect(), box)) problems.push('outside its panel: ' + text(el));
      if (el.scrollWidth > el.clientWidth + 0.5) problems.push('text overflows: ' + text(el));
    }
    for (const svg of card.querySelectorAll('svg')) {
      const area = svg.getBoundingClientRect();
      for (const t of svg.querySelectorAll('text')) {
        if (!within(t.getBoundingClientRect(), area)) problems.push('outside its chart: ' + text(t));
      }
    }
  }
  const out = document.createElement('pre');
  out.id = 'layout-check';
  out.textContent = JSON.stringify({
    problems,
    height: doc.scrollHeight,
    titles: [...document.querySelectorAll('.chart-title')].map((t) => [t.scrollWidth, t.clientWidth]),
  });
  document.body.appendChild(out);
})();`;

interface LayoutCheck {
  problems: string[];
  height: number;
  titles: Array<[number, number]>;
}

interface Loaded {
  /** The page's body after its layout check ran. */
  dom: string;
  check: LayoutCheck;
}

/**
 * Loads each page with the layout check in one headless Chromium run (a start costs seconds),
 * each in a frame of its own width: a headless window is never narrower than 500 px, and a frame
 * is its own viewport, media queries included. Returns each page's DOM and the check's findings.
 */
function inBrowser(file: string, pages: ReadonlyArray<{ html: string; width: number }>): Loaded[] {
  const frames = pages.map(({ html, width }, i) => {
    const page = html.replace('</body>', `<script>${LAYOUT_CHECK}</script></body>`);
    const srcdoc = page.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
    return `<iframe data-i="${i}" style="display:block;border:0;width:${width}px;height:900px" srcdoc="${srcdoc}"></iframe>`;
  });
  // Each frame, once loaded, copies its findings and body into the top page that --dump-dom prints.
  const collect =
    'for (const f of document.querySelectorAll("iframe")) f.addEventListener("load", () => {' +
    ' const inner = f.contentDocument, i = f.dataset.i;' +
    ' const out = document.createElement("pre"); out.id = "check-" + i;' +
    ' out.textContent = inner.getElementById("layout-check")?.textContent ?? "";' +
    ' const dom = document.createElement("template"); dom.id = "dom-" + i;' +
    ' dom.innerHTML = inner.body.innerHTML; document.body.append(out, dom); });';
  writeFileSync(
    file,
    `<!DOCTYPE html><html><body style="margin:0">${frames.join('')}<script>${collect}</script></body></html>`,
  );
  const width = Math.max(800, ...pages.map((p) => p.width + 40));
  const out = headlessChromium(chromium ?? '', file, { width, height: 900 }, { dumpDom: true });
  return pages.map((_, i) => {
    const found = new RegExp(`<pre id="check-${i}">([^<]+)</pre>`).exec(out);
    if (!found)
      throw new Error(`page ${i}: the layout check did not run; Chromium printed:\n${out.slice(-500)}`);
    const json = found[1]
      .replaceAll('&quot;', '"')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
    const dom = new RegExp(`<template id="dom-${i}">([\\s\\S]*?)</template>`).exec(out)?.[1] ?? '';
    return { dom, check: JSON.parse(json) as LayoutCheck };
  });
}

/** How many pixels lie within `tolerance` (per channel) of `rgb`. */
function pixelsNear(
  png: { rgba: Uint8Array },
  rgb: readonly [number, number, number],
  tolerance = 40,
): number {
  let hits = 0;
  for (let p = 0; p < png.rgba.length; p += 4) {
    if (rgb.every((c, k) => Math.abs(png.rgba[p + k] - c) <= tolerance)) hits++;
  }
  return hits;
}

describe.skipIf(!chromium)('the HTML report in headless Chromium', () => {
  const tmp = tempDir('report-browser');
  let reportHtml = '';
  /** The evaluation's report on a desktop (1100 px) and a phone (390 px); a report with long names. */
  let desktop: Loaded;
  let phone: Loaded;
  let longNames: Loaded;

  beforeAll(async () => {
    // A small real evaluation: NSL-KDD-like rows, DoS and Probe known (20 labels), tested on all four families.
    const nsl = writeNslKdd(join(tmp.dir, 'nsl'));
    const model = join(tmp.dir, 'model');
    await run([
      'train',
      '--dataset',
      'nsl-kdd',
      '--data-dir',
      nsl,
      '--normal',
      'normal',
      '--known',
      'DoS,Probe',
      '--n-known',
      '20',
      '--test-anomalies',
      'DoS,Probe,R2L,U2R',
      '--seed',
      '1',
      '--out',
      model,
      ...FAST,
    ]);
    const report = join(tmp.dir, 'report.html');
    await run(['evaluate', model, '--report', report]);
    reportHtml = readFileSync(report, 'utf8');
    // Names far longer than any detector's must wrap instead of overflowing.
    const labels = Uint8Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const scores = Float32Array.from(labels, (y, i) => (y ? 0.6 + (i % 7) * 0.05 : (i % 13) * 1e-3));
    const long = renderReport({
      title: 'A report whose detectors all have unusually long names',
      metrics: { aucRoc: 0.9 },
      config: {},
      labels,
      scores,
      scoresName: 'a detector with a name long enough to fill two lines of a panel title',
      baseline: { name: 'another_detector_name_without_any_space_to_break_at_whatsoever', scores },
    });
    [desktop, phone, longNames] = inBrowser(join(tmp.dir, 'pages.html'), [
      { html: reportHtml, width: 1100 },
      { html: reportHtml, width: 390 },
      { html: long, width: 1100 },
    ]);
  }, 180_000);
  afterAll(() => tmp.cleanup());

  it('renders the per-class table, known apart from unseen, under human metric names', () => {
    const { dom } = desktop;
    const perClass = /<div class="card" id="per-class">([\s\S]*?)<\/div>/.exec(dom)?.[1] ?? '';
    const rows = [...perClass.matchAll(/<tr class="(known|unseen)( group)?"><th[^>]*>([^<]*)<\/th>/g)].map(
      (m) => `${m[1]}:${m[3]}`,
    );
    expect(rows).toEqual([
      'known:DoS',
      'known:Probe',
      'known:all known',
      'unseen:R2L',
      'unseen:U2R',
      'unseen:all unseen',
    ]);
    for (const name of ['AUC-ROC', 'AUC-PR', 'Recall at threshold'])
      expect(perClass).toContain(`>${name}</th>`);
    const metrics = /<h2>Metrics<\/h2>([\s\S]*?)<\/div>/.exec(dom)?.[1] ?? '';
    for (const name of ['AUC-ROC', 'AUC-PR', 'F1 at threshold', 'Precision at threshold', 'Threshold']) {
      expect(metrics).toContain(`<th scope="row">${name}</th>`);
    }
    expect(metrics + perClass).not.toMatch(/aucRoc|aucPr|nAnomalies|>f1</);
    // The histograms count rows on a log axis.
    expect(dom).toContain('Rows per bin (log scale)');
    expect(dom.match(/class="chart-title"/g)).toHaveLength(4);
  });

  it('keeps every title, legend and table inside its panel on a desktop and a phone', () => {
    // The second histogram's title (the autoencoder baseline's long name) ran out of its panel.
    for (const [width, { check }] of [
      [1100, desktop],
      [390, phone],
    ] as const) {
      expect({ width, problems: check.problems }).toEqual({ width, problems: [] });
      expect(check.titles).toHaveLength(4);
      for (const [scroll, client] of check.titles) expect(scroll).toBeLessThanOrEqual(client);
    }
    expect(longNames.check.problems).toEqual([]);
    expect(longNames.check.titles).toHaveLength(4);
  });

  it('paints a non-blank page of the window size with the curves and histograms in their colours', () => {
    const { check } = desktop;
    const page = join(tmp.dir, 'page.html');
    writeFileSync(page, reportHtml);
    const shot = join(tmp.dir, 'report.png');
    headlessChromium(chromium ?? '', page, { width: 1100, height: check.height }, { screenshot: shot });
    const png = decodePng(readFileSync(shot));
    expect([png.width, png.height]).toEqual([1100, check.height]);
    // The page (#f8fafc) and the panels (#fff) are within 8 of white; the rest was drawn.
    const pixels = png.width * png.height;
    expect(pixelsNear(png, [255, 255, 255], 8) / pixels).toBeLessThan(0.97);
    // A³'s curves (#2563eb, painted on top), the baseline's (#ea580c: at least its two legend
    // swatches of 16 × 2.5 px, since on this easy data its curves lie under A³'s) and the
    // anomaly bars (#dc2626 at 55 % on white).
    expect(pixelsNear(png, [37, 99, 235])).toBeGreaterThan(1000);
    expect(pixelsNear(png, [234, 88, 12])).toBeGreaterThan(50);
    expect(pixelsNear(png, [232, 116, 116])).toBeGreaterThan(1000);
  });
});
