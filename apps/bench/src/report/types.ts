import type { MachineInfo } from '../measure/machine';
import type { WorkloadId } from '../workloads/workload';

/** One workload measured on one backend. Times in ms; memory in MiB. */
export interface BenchResult {
  workload: WorkloadId;
  backend: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  samplesPerSec: number;
  /** Achieved GFLOP/s from the analytic FLOP count (null when not counted). */
  gflops: number | null;
  /** The analytic FLOP count of one repetition (absent in reports of older versions). */
  flopsPerRep?: number | null;
  /** Timed repetitions behind the statistics. */
  reps: number;
  /** latency-b1 only: percentiles of the single-sample latency. */
  p50Ms?: number;
  p99Ms?: number;
  /** fit-nsl-kdd only: AUC-ROC of the fitted detector on the test split. */
  auc?: number;
  /** Process peak RSS during the workload. */
  peakRssMiB: number;
  /** What the backend reported holding (tensors, weights, optimiser state) at the end. */
  backendMiB: number;
  /** Min–max spread above the noise threshold. */
  noisy: boolean;
  /**
   * Rounds merged into this row (--rounds N > 1: the median of the rounds' medians, min/max over
   * all repetitions, repetitions summed); absent in one-round runs and older reports.
   */
  rounds?: number;
  /**
   * Only in the report of one round of several (a child process of --rounds): the row was
   * measured whole in this round and later rounds skip it. Merged rows carry `rounds` instead.
   */
  singleRound?: boolean;
}

export interface ParityReport {
  /** Largest |score − reference score| over every backend and test sample (null when not run). */
  maxAbsDiff: number | null;
  /** Backends that scored the test data (the reference first). */
  backends: string[];
  /** Backend the model was trained on. */
  reference?: string;
  /** Per backend: max |score − reference score|. */
  perBackend?: Record<string, number>;
  samples?: number;
  tolerance: number;
  /** Why parity was not measured. */
  reason?: string;
  /** Backends that could not score the parity model, with the error. */
  errors?: Record<string, string>;
}

export interface Unavailable {
  backend: string;
  reason: string;
}

export interface Skipped {
  workload: WorkloadId;
  backend: string;
  reason: string;
}

export interface Failed {
  workload: WorkloadId;
  backend: string;
  error: string;
}

export interface BenchSettings {
  quick: boolean;
  reps: number | 'auto';
  warmup: number;
  threads: number | null;
  backends: string[];
  workloads: WorkloadId[];
  seed: number;
  command: string;
  /** Each backend was measured in its own process (the CLI default). */
  isolated: boolean;
  /**
   * Rounds: every backend measured this many times, the backend order alternating each round
   * (absent in older reports: 1).
   */
  rounds?: number;
}

/** Everything one run measured; `toJsonReport` gives the --json shape. */
export interface BenchReport {
  machine: MachineInfo;
  settings: BenchSettings;
  results: BenchResult[];
  parity: ParityReport;
  unavailable: Unavailable[];
  skipped: Skipped[];
  failed: Failed[];
}
