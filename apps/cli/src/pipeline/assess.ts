import type { A3Detector } from '@a3/model';
import { averagePrecision, rocAuc } from '@a3/metrics';
import type { LabelledPart } from '../dataset/split';
import { evaluationMetrics, type EvaluationMetrics } from '../evaluation/metrics';
import { perClassMetrics, type KnownClasses } from '../evaluation/per-class';
import { writeReport } from '../evaluation/report';
import { BASELINE_NAME, baselineScores } from '../model/baseline';

export interface Assessment {
  metrics: EvaluationMetrics;
  scores: Float32Array;
  baseline: { aucRoc: number; aucPr: number; scores: Float32Array } | null;
}

/** Scores the test rows with A³ (and the target-autoencoder baseline) and computes the metrics. */
export async function assess(
  detector: A3Detector,
  modelDir: string,
  test: LabelledPart,
  withBaseline: boolean,
): Promise<Assessment> {
  const scores = await detector.score(test.x);
  const threshold = detector.threshold ?? 0.5;
  const metrics = evaluationMetrics(test.y, scores, threshold);
  let baseline: Assessment['baseline'] = null;
  if (withBaseline && detector.backend) {
    const b = await baselineScores(modelDir, test.x, detector.backend);
    if (b) baseline = { aucRoc: rocAuc(test.y, b), aucPr: averagePrecision(test.y, b), scores: b };
  }
  return { metrics, scores, baseline };
}

/**
 * The HTML report of an assessment: metrics overall and per test-anomaly class (known classes of
 * `split` apart from unseen ones), curves, histograms and the configuration.
 */
export async function writeAssessmentReport(
  path: string,
  title: string,
  test: LabelledPart,
  a: Assessment,
  config: Record<string, unknown>,
  split: KnownClasses,
): Promise<void> {
  const metrics: Record<string, number | string> = { ...a.metrics };
  if (a.baseline) {
    metrics['baseline AUC-ROC'] = a.baseline.aucRoc;
    metrics['baseline AUC-PR'] = a.baseline.aucPr;
  }
  await writeReport(path, {
    title,
    metrics,
    config,
    labels: test.y,
    scores: a.scores,
    perClass: perClassMetrics(test, a.scores, a.metrics.threshold, split),
    ...(a.baseline ? { baseline: { name: BASELINE_NAME, scores: a.baseline.scores } } : {}),
  });
}
