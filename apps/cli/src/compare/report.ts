import { writeReport } from '../evaluation/report';
import type { CompareCurves, CompareResult } from './run-compare';

/**
 * The HTML report of a comparison: the first seed's ROC and PR curves of every detector that ran,
 * overlaid; the table's means as metrics; the protocol as configuration. Returns false (and
 * writes nothing) when no detector produced scores.
 */
export async function writeCompareReport(
  path: string,
  result: CompareResult,
  curves: CompareCurves,
): Promise<boolean> {
  const [main, ...rest] = curves.series;
  if (!main) return false;
  const metrics: Record<string, number | string> = {};
  for (const d of result.detectors) {
    for (const [view, v] of Object.entries(d.views)) {
      const at = result.protocol.views.length > 1 ? ` (${view})` : '';
      metrics[`${d.detector} AUC-ROC${at}`] = v.aucRoc.mean;
      metrics[`${d.detector} AUC-PR${at}`] = v.aucPr.mean;
      metrics[`${d.detector} F1${at}`] = v.f1.mean;
    }
    if (d.fitSeconds) metrics[`${d.detector} fit s`] = d.fitSeconds.mean;
    if (d.status !== 'ok') metrics[`${d.detector} status`] = d.status;
  }
  await writeReport(path, {
    title: `a3 compare — ${result.dataset} (curves: seed ${curves.seed}; metrics: mean of seeds ${result.seeds.join(', ')})`,
    metrics,
    config: {
      dataset: result.dataset,
      recipe: result.recipe,
      seeds: result.seeds,
      protocol: result.protocol,
    },
    labels: curves.labels,
    scores: main.scores,
    scoresName: main.name,
    series: rest,
  });
  return true;
}
