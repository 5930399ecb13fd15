import type { CompileOptions } from '@a3/core';

/** What a score worker is started with (workerData.a3ScoreWorker). */
export interface ScoreWorkerInput {
  /** Model directory, absolute. */
  dir: string;
  /** The model's input shape per row, and its size: the warm-up row. */
  inputShape: number[];
  width: number;
  /** Backend name; undefined: the registry's choice (A3_BACKEND, else the best available). */
  backend?: string;
  /** Put under every compile of this worker's detector (e.g. { threads: 1 }). */
  compileOptions: CompileOptions;
  /** Module URLs imported before the model loads: plugins that register targets, detectors or backends. */
  preload: string[];
}

export type ToScoreWorker =
  { kind: 'score'; id: number; x: Float32Array; shape: number[] } | { kind: 'close' };

/** An error crossing the thread boundary: its class name, A3Error code when it has one, message. */
export interface WorkerErrorInfo {
  name: string;
  code?: string;
  message: string;
}

export type FromScoreWorker =
  | { kind: 'ready'; backend: string | null }
  | { kind: 'scores'; id: number; scores: Float32Array }
  | { kind: 'error'; id: number; error: WorkerErrorInfo }
  | { kind: 'failed'; error: WorkerErrorInfo };
