import { InvalidArgumentError, type CompileOptions } from '@a3/core';
import { defaultThreads, type ExecutionProviderConfig, type OrtSessionOptions } from './ort';

/** Compile options of the onnx backend (all optional; defaults in brackets). */
export interface OnnxCompileOptions extends CompileOptions {
  /** intraOpNumThreads [number of cores]. */
  threads?: number;
  /** interOpNumThreads [1]: a3 models are chains, parallel execution only adds overhead. */
  interOpThreads?: number;
  /** Steps per `Loop` call in runSteps() [16]; 1 runs the steps one by one. */
  stepsPerRun?: number;
  /** ORT graph optimisation level ['all']. */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  /** Passed through to ORT ['cpu']; e.g. ['cuda', 'cpu'] where a CUDA build of onnxruntime-node is installed. */
  executionProviders?: readonly ExecutionProviderConfig[];
  /**
   * Let ORT's intra-op threads spin while they wait for work [true, ORT's default]. Spinning
   * shaves latency on an idle machine and burns cores on a busy one: set false when other
   * processes compete for the CPU.
   */
  allowSpinning?: boolean;
  /** Raw ORT session config entries (SessionOptions.extra), e.g. {'session.set_denormal_as_zero': '1'}. */
  sessionConfig?: Record<string, string>;
  /** ORT log severity (0 verbose … 4 fatal) [3: errors]. */
  logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
  /** Debug: ORT writes the optimised model of the single-step session here. */
  optimizedModelFilePath?: string;
}

export interface ResolvedOptions {
  session: OrtSessionOptions;
  threads: number;
  stepsPerRun: number;
  optimizedModelFilePath?: string;
}

function positiveInt(name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new InvalidArgumentError(
      `onnx backend: option ${name} must be a positive integer; got ${String(v)}.`,
    );
  }
  return v;
}

export function resolveOptions(
  defaults: OnnxCompileOptions,
  options: OnnxCompileOptions = {},
): ResolvedOptions {
  const o = { ...defaults, ...options };
  const threads = positiveInt('threads', o.threads, defaultThreads());
  return {
    threads,
    stepsPerRun: positiveInt('stepsPerRun', o.stepsPerRun, 16),
    session: {
      intraOpNumThreads: threads,
      interOpNumThreads: positiveInt('interOpThreads', o.interOpThreads, 1),
      graphOptimizationLevel: o.graphOptimizationLevel ?? 'all',
      executionMode: 'sequential',
      executionProviders: o.executionProviders ?? ['cpu'],
      logSeverityLevel: o.logSeverityLevel ?? 3,
      extra: {
        ...(o.allowSpinning === false ? { 'session.intra_op.allow_spinning': '0' } : {}),
        ...o.sessionConfig,
      },
    },
    ...(o.optimizedModelFilePath ? { optimizedModelFilePath: o.optimizedModelFilePath } : {}),
  };
}
