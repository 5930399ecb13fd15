import { InvalidArgumentError } from '@a3/core';
import type { PerClassMetrics } from '../evaluation/per-class';
import { renderPrChart, renderRocChart, type Detector } from './chart/curves';
import { renderHistogram } from './chart/histogram';
import { escapeHtml } from './html/escape';
import { renderPerClassTable } from './html/per-class-table';
import { STYLES } from './html/styles';
import { renderConfigTable, renderMetricsTable } from './html/tables';

export interface ReportInput {
  readonly title: string;
  /**
   * Shown under their human names (`aucRoc` as AUC-ROC; other keys as given); a numeric
   * `threshold` entry is also drawn on the A³ histogram.
   */
  readonly metrics: Record<string, number | string>;
  /** Any JSON-like configuration; nested objects are listed by dotted path. */
  readonly config: Record<string, unknown>;
  /** 1 = anomaly, 0 = normal, one per score. */
  readonly labels: ArrayLike<number>;
  /** A³ scores on the evaluated samples. */
  readonly scores: ArrayLike<number>;
  /** Another detector's scores on the same samples, drawn beside A³ for comparison. */
  readonly baseline?: { readonly name: string; readonly scores: ArrayLike<number> };
  /** Name of `scores` in the legends and its histogram (default "A³"; a3 compare names its first detector). */
  readonly scoresName?: string;
  /** More detectors' scores on the same samples, overlaid on the ROC and PR curves (a3 compare). */
  readonly series?: readonly { readonly name: string; readonly scores: ArrayLike<number> }[];
  /** AUCs and recall of `scores` per test-anomaly class, known apart from unseen (a3 evaluate). */
  readonly perClass?: PerClassMetrics | null;
}

const A3_COLOR = '#2563eb';
const BASELINE_COLOR = '#ea580c';
/** Colours of further series, distinct from the two above and from each other. */
const SERIES_COLORS = [
  '#16a34a',
  '#9333ea',
  '#dc2626',
  '#0891b2',
  '#ca8a04',
  '#db2777',
  '#4b5563',
  '#65a30d',
];

/**
 * A self-contained HTML evaluation report: the metrics and, when given, the same per test-anomaly
 * class; ROC and precision-recall curves (A³ and an optional baseline), score histograms of
 * normals vs anomalies, and the configuration. No
 * scripts and no external assets (inline SVG and CSS), so it can be mailed or archived as is.
 * Throws InvalidArgumentError when labels and scores do not fit together.
 */
export function renderReport(input: ReportInput): string {
  const { labels, scores, baseline } = input;
  if (baseline && baseline.scores.length !== labels.length) {
    throw new InvalidArgumentError(
      `renderReport: baseline "${baseline.name}" has ${baseline.scores.length} scores but labels ` +
        `has ${labels.length}; score the baseline on the same samples, in the same order.`,
    );
  }
  const name = input.scoresName ?? 'A³';
  const series = input.series ?? [];
  for (const s of series) {
    if (s.scores.length !== labels.length) {
      throw new InvalidArgumentError(
        `renderReport: series "${s.name}" has ${s.scores.length} scores but labels has ${labels.length}.`,
      );
    }
  }
  const detectors: Detector[] = [{ name, scores, color: A3_COLOR }];
  if (baseline) detectors.push({ name: baseline.name, scores: baseline.scores, color: BASELINE_COLOR });
  series.forEach((s, i) =>
    detectors.push({ name: s.name, scores: s.scores, color: SERIES_COLORS[i % SERIES_COLORS.length] }),
  );

  let anomalies = 0;
  for (let i = 0; i < labels.length; i++) anomalies += labels[i] === 1 ? 1 : 0;
  const threshold = typeof input.metrics.threshold === 'number' ? input.metrics.threshold : undefined;

  const charts = [
    renderRocChart(labels, detectors),
    renderPrChart(labels, detectors),
    renderHistogram(labels, scores, name, 'hist-a3', threshold),
    ...(baseline ? [renderHistogram(labels, baseline.scores, baseline.name, 'hist-baseline')] : []),
  ];
  const summary =
    `${labels.length} samples · ${labels.length - anomalies} normal · ${anomalies} anomalies` +
    (baseline ? ` · baseline: ${baseline.name}` : '');

  const metricsCard = `<div class="card${input.perClass ? '' : ' wide'}"><h2>Metrics</h2>${renderMetricsTable(input.metrics)}</div>`;
  const perClassCard = input.perClass
    ? `<div class="card" id="per-class"><h2>Per anomaly class</h2>${renderPerClassTable(input.perClass)}</div>`
    : '';

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="a3">',
    `<title>${escapeHtml(input.title)}</title>`,
    `<style>${STYLES}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<header><h1>${escapeHtml(input.title)}</h1><p>${escapeHtml(summary)}</p></header>`,
    `<section class="grid-2 tables${input.perClass ? ' results' : ''}">${metricsCard}${perClassCard}</section>`,
    `<section class="grid-2">${charts.join('')}</section>`,
    `<section class="grid-2"><div class="card wide"><h2>Configuration</h2>${renderConfigTable(input.config)}</div></section>`,
    '<footer>Activation Anomaly Analysis (A³) report by a3 · self-contained: inline SVG and CSS, no scripts, no external assets.</footer>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
