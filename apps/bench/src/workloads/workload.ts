import type { Backend, CompileOptions } from '@a3/core';

/** Workload ids, in report order. */
export const WORKLOAD_IDS = [
  'alarm-train-step',
  'alarm-fit-steps',
  'target-train-step',
  'conv-train-step',
  'infer-b1024',
  'latency-b1',
  'fit-nsl-kdd',
] as const;

export type WorkloadId = (typeof WORKLOAD_IDS)[number];

export function isWorkloadId(id: string): id is WorkloadId {
  return (WORKLOAD_IDS as readonly string[]).includes(id);
}

/**
 * How a workload is timed:
 * - `step`: warm-up (includes compiling), then N timed repetitions of one step;
 * - `latency`: like step, but many single-sample repetitions so p50 / p99 mean something;
 * - `once`: one cold, end-to-end run (a whole fit) — compiling is part of what users wait for.
 */
export type WorkloadKind = 'step' | 'latency' | 'once';

export interface WorkloadContext {
  backend: Backend;
  /** Passed to every compile (threads). */
  compileOptions: CompileOptions;
  /** Seed of weights and synthetic data: same seed, same numbers on every backend. */
  seed: number;
  /** The --quick smoke run (smaller fit). */
  quick: boolean;
  /** Folder with the NSL-KDD files (KDDTrain+_20Percent.txt / KDDTest+.txt). */
  dataDir: string;
  /** Progress line (stderr). */
  log: (line: string) => void;
}

/** One workload compiled on one backend, ready to be timed. */
export interface PreparedWorkload {
  /**
   * Training steps one repetition runs (default 1). Times, samples and FLOPs are reported
   * per step: each repetition's time is divided by this.
   */
  stepsPerRep?: number;
  /** Samples one step processes (samples/s = samplesPerRep / median step time). */
  samplesPerRep: number;
  /** Analytic FLOPs of one step (see stepsPerRep), or null when not counted. */
  flopsPerRep: number | null;
  /** One repetition; resolves once the backend has finished (outputs are on the host). */
  rep(): Promise<void>;
  /** Measured after timing, untimed (e.g. AUC-ROC of a fitted detector). */
  finish?(): Promise<Record<string, number>>;
  /** Bytes the backend holds for this workload right now. */
  backendBytes(): number;
  dispose(): void;
}

export interface Workload {
  id: WorkloadId;
  /** One line for tables and docs. */
  title: string;
  kind: WorkloadKind;
  /** Backend capabilities it needs. */
  needs: { training: boolean; conv: boolean };
  /** A reason to skip it on this backend in this mode (e.g. tfjs-cpu in --quick), else undefined. */
  skipReason?(backendName: string, quick: boolean): string | undefined;
  prepare(ctx: WorkloadContext): Promise<PreparedWorkload>;
}
