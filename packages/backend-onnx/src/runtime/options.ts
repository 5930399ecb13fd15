import { InvalidArgumentError, type CompileOptions } from '@a3/core';
import { isQuantizeType, QUANTIZE_TYPES, type QuantizeType } from '../quantize/quantize';
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
   * Let ORT's intra-op threads spin while they wait for work [false]. ORT spins by default;
   * a3 does not: on a 2-core machine shared with other processes (or Node's own thread),
   * spinning threads starve the ones doing the work — the MLP train step measured ~45 ms
   * median without spinning and ~200 ms with it under load. On an idle, dedicated machine
   * `true` can shave a little latency.
   */
  allowSpinning?: boolean;
  /** Raw ORT session config entries (SessionOptions.extra), e.g. {'session.set_denormal_as_zero': '1'}. */
  sessionConfig?: Record<string, string>;
  /**
   * Inference plans (no updates, no random ops) that run repeatedly with unchanged variables
   * switch to a session with the weights baked in [true]: faster Gemm/Conv, one more session
   * (and a copy of the weights) held per such plan.
   */
  freezeInference?: boolean;
  /**
   * Quantize inference plans ['none']: 'int8' runs them on a session with the weights baked in
   * from the first run, its MatMuls dynamically quantized to int8 (see quantizeDynamic) — ~3×
   * less CPU for dense models, scores within about 1e-3 of float. Training plans stay float.
   */
  quantize?: QuantizeType | 'none';
  /** ORT log severity (0 verbose … 4 fatal) [3: errors]. */
  logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
  /** Debug: ORT writes the optimised model of the single-step session here. */
  optimizedModelFilePath?: string;
}

export interface ResolvedOptions {
  session: OrtSessionOptions;
  threads: number;
  stepsPerRun: number;
  freezeInference: boolean;
  quantize: QuantizeType | null;
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
    freezeInference: o.freezeInference ?? true,
    quantize: quantizeOption(o.quantize),
    session: {
      intraOpNumThreads: threads,
      interOpNumThreads: positiveInt('interOpThreads', o.interOpThreads, 1),
      graphOptimizationLevel: o.graphOptimizationLevel ?? 'all',
      executionMode: 'sequential',
      executionProviders: o.executionProviders ?? ['cpu'],
      logSeverityLevel: o.logSeverityLevel ?? 3,
      extra: {
        'session.intra_op.allow_spinning': o.allowSpinning ? '1' : '0',
        ...o.sessionConfig,
      },
    },
    ...(o.optimizedModelFilePath ? { optimizedModelFilePath: o.optimizedModelFilePath } : {}),
  };
}

function quantizeOption(v: unknown): QuantizeType | null {
  if (v === undefined || v === 'none') return null;
  if (typeof v === 'string' && isQuantizeType(v)) return v;
  throw new InvalidArgumentError(
    `onnx backend: option quantize must be one of none, ${QUANTIZE_TYPES.join(', ')}; got ${String(v).slice(0, 40)}.`,
  );
}
