import { averagePrecision, confusionAt, rocAuc } from '@a3/metrics';

/** The metrics `a3 evaluate --json` prints at the top level. */
export interface EvaluationMetrics {
  aucRoc: number;
  aucPr: number;
  f1: number;
  precision: number;
  recall: number;
  threshold: number;
  n: number;
  nAnomalies: number;
}

/** AUCs over all thresholds, and F1 / precision / recall at the model's decision threshold. */
export function evaluationMetrics(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
): EvaluationMetrics {
  const c = confusionAt(labels, scores, threshold);
  let nAnomalies = 0;
  for (let i = 0; i < labels.length; i++) nAnomalies += labels[i] === 1 ? 1 : 0;
  return {
    aucRoc: rocAuc(labels, scores),
    aucPr: averagePrecision(labels, scores),
    f1: c.f1,
    precision: c.precision,
    recall: c.recall,
    threshold,
    n: labels.length,
    nAnomalies,
  };
}

/** A metric or score for people: four decimals (1 prints as 1.0000, not 1). */
export function formatMetric(v: number): string {
  return v.toFixed(4);
}
