import { WORKLOAD_IDS, type WorkloadId } from '../workloads/workload';
import type { BenchResult } from './types';

export interface ChartGroup {
  workload: WorkloadId;
  /** Fastest first. */
  bars: { backend: string; samplesPerSec: number }[];
}

/** Bars to draw: samples/s per backend, grouped by workload in report order. */
export function chartGroups(results: readonly BenchResult[]): ChartGroup[] {
  const groups: ChartGroup[] = [];
  for (const id of WORKLOAD_IDS) {
    const bars = results
      .filter((r) => r.workload === id && r.samplesPerSec > 0)
      .map((r) => ({ backend: r.backend, samplesPerSec: r.samplesPerSec }))
      .sort((a, b) => b.samplesPerSec - a.samplesPerSec);
    if (bars.length) groups.push({ workload: id, bars });
  }
  return groups;
}

/** Stable backend order (first appearance) so each backend keeps its colour across groups. */
export function backendOrder(results: readonly BenchResult[]): string[] {
  return [...new Set(results.map((r) => r.backend))];
}
