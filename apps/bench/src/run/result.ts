import { gflopsPerSec, isNoisy, isNoisyLatency, summarize, throughput } from '../measure/stats';
import type { BenchResult } from '../report/types';
import type { WorkloadId, WorkloadKind } from '../workloads/workload';

const MiB = 2 ** 20;

export interface CellMeasurement {
  workload: WorkloadId;
  kind: WorkloadKind;
  backend: string;
  timesMs: readonly number[];
  samplesPerRep: number;
  flopsPerRep: number | null;
  extras: Record<string, number>;
  peakRssBytes: number;
  backendBytes: number;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Statistics, rates and memory of one workload on one backend, rounded for reading. */
export function toResult(m: CellMeasurement): BenchResult {
  const s = summarize(m.timesMs);
  const result: BenchResult = {
    workload: m.workload,
    backend: m.backend,
    medianMs: round(s.medianMs, 3),
    minMs: round(s.minMs, 3),
    maxMs: round(s.maxMs, 3),
    samplesPerSec: round(throughput(m.samplesPerRep, s.medianMs), 1),
    gflops: m.flopsPerRep === null ? null : round(gflopsPerSec(m.flopsPerRep, s.medianMs), 2),
    flopsPerRep: m.flopsPerRep,
    reps: s.reps,
    peakRssMiB: round(m.peakRssBytes / MiB, 1),
    backendMiB: round(m.backendBytes / MiB, 1),
    noisy: m.kind === 'latency' ? isNoisyLatency(m.timesMs) : isNoisy(s),
  };
  if (m.kind === 'latency') {
    result.p50Ms = round(s.p50Ms, 3);
    result.p99Ms = round(s.p99Ms, 3);
  }
  if (m.extras.auc !== undefined) result.auc = round(m.extras.auc, 4);
  return result;
}
