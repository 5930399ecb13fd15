import type { DetectorSummary } from '@a3/cli';

/** One comparable column: a data set's view, with the detectors that have numbers on it. */
export interface RankColumn {
  readonly id: string;
  readonly summaries: readonly DetectorSummary[];
  readonly view: string;
}

export type RankMetric = 'aucRoc' | 'aucPr';

/** Ranks 1..n by descending value; tied values share the mean of their ranks. */
export function ranksOf(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1][0] === order[start][0]) end++;
    const shared = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k][1]] = shared;
    start = end + 1;
  }
  return ranks;
}

export interface MeanRank {
  detector: string;
  /** By metric: mean rank and mean of the per-column means, over the columns it has numbers on. */
  rank: Record<RankMetric, number>;
  mean: Record<RankMetric, number>;
  columns: number;
}

/**
 * Mean rank of each detector over the columns: on each column the detectors that ran on every
 * seed ("ok") are ranked by their mean over seeds; a detector's mean rank averages its ranks
 * over the columns it was ranked on (so compare it only with detectors of the same column count).
 */
export function meanRanks(detectors: readonly string[], columns: readonly RankColumn[]): MeanRank[] {
  const acc = new Map(
    detectors.map((d) => [d, { rank: { aucRoc: 0, aucPr: 0 }, mean: { aucRoc: 0, aucPr: 0 }, columns: 0 }]),
  );
  for (const col of columns) {
    const ranked = col.summaries.filter((s) => s.status === 'ok' && s.views[col.view] && acc.has(s.detector));
    if (ranked.length === 0) continue;
    for (const metric of ['aucRoc', 'aucPr'] as const) {
      const means = ranked.map((s) => s.views[col.view][metric].mean);
      ranksOf(means).forEach((r, i) => {
        const a = acc.get(ranked[i].detector)!;
        a.rank[metric] += r;
        a.mean[metric] += means[i];
      });
    }
    for (const s of ranked) acc.get(s.detector)!.columns++;
  }
  return detectors.map((d) => {
    const a = acc.get(d)!;
    const n = a.columns;
    return {
      detector: d,
      rank: { aucRoc: a.rank.aucRoc / n, aucPr: a.rank.aucPr / n },
      mean: { aucRoc: a.mean.aucRoc / n, aucPr: a.mean.aucPr / n },
      columns: n,
    };
  });
}
