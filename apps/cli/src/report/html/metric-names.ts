import type { EvaluationMetrics } from '../../evaluation/metrics';

interface MetricInfo {
  /** What the page calls it: the names of papers and scikit-learn's docs, not the JSON key. */
  readonly name: string;
  /** A number of rows: printed as an integer, never with decimals. */
  readonly count?: boolean;
}

/**
 * Every metric `a3 evaluate --json` prints, as the page shows it. Typed by the metrics so a new
 * metric needs an entry here.
 */
export const METRICS: Readonly<Record<keyof EvaluationMetrics, MetricInfo>> = {
  aucRoc: { name: 'AUC-ROC' },
  aucPr: { name: 'AUC-PR' },
  f1: { name: 'F1 at threshold' },
  precision: { name: 'Precision at threshold' },
  recall: { name: 'Recall at threshold' },
  threshold: { name: 'Threshold' },
  n: { name: 'Test rows', count: true },
  nAnomalies: { name: 'Test anomalies', count: true },
};

function infoOf(key: string): MetricInfo | undefined {
  return Object.hasOwn(METRICS, key) ? METRICS[key as keyof EvaluationMetrics] : undefined;
}

/** The human name of a metric key; keys that already are names (`baseline AUC-ROC`) pass as given. */
export function metricName(key: string): string {
  return infoOf(key)?.name ?? key;
}

/** Whether the metric under `key` counts rows. */
export function isCount(key: string): boolean {
  return infoOf(key)?.count === true;
}
