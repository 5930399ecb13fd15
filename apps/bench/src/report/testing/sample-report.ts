import type { BenchReport, BenchResult } from '../types';

/** A hand-made report for renderer tests (numbers shaped like this machine's). */
export function row(
  p: Partial<BenchResult> & Pick<BenchResult, 'workload' | 'backend' | 'medianMs'>,
): BenchResult {
  return {
    minMs: p.medianMs * 0.95,
    maxMs: p.medianMs * 1.05,
    samplesPerSec: (256 * 1000) / p.medianMs,
    gflops: 2.058 / (p.medianMs / 1000),
    reps: 5,
    peakRssMiB: 400,
    backendMiB: 22.1,
    noisy: false,
    ...p,
  };
}

export function sampleReport(overrides: Partial<BenchReport> = {}): BenchReport {
  return {
    machine: {
      cpu: 'Intel(R) Xeon(R) Platinum 8488C',
      cores: 2,
      memoryGiB: 7.6,
      os: 'linux 6.1 x64',
      node: 'v20.20.0',
      libraries: {
        onnx: { backend: 'onnx', onnxruntime: '1.30.0', threads: 2 },
        'tfjs-cpu': { backend: 'tfjs-cpu', tfjs: '4.22.0', kernel: 'cpu' },
      },
      threads: null,
      loadBefore: 0.1,
      loadAfter: 1.9,
      startedAt: '2026-11-28T15:00:00.000Z',
      durationSec: 512.3,
    },
    settings: {
      quick: false,
      reps: 'auto',
      warmup: 2,
      threads: null,
      backends: ['onnx', 'tfjs-cpu'],
      workloads: ['alarm-train-step', 'infer-b1024', 'latency-b1', 'fit-nsl-kdd'],
      seed: 2409,
      command: 'a3-bench --write-docs',
      isolated: true,
    },
    results: [
      row({ workload: 'alarm-train-step', backend: 'tfjs-cpu', medianMs: 2600 }),
      row({ workload: 'alarm-train-step', backend: 'onnx', medianMs: 16 }),
      row({ workload: 'infer-b1024', backend: 'onnx', medianMs: 14, samplesPerSec: 73142.9 }),
      row({ workload: 'infer-b1024', backend: 'tfjs-cpu', medianMs: 3800, samplesPerSec: 269.5 }),
      row({
        workload: 'latency-b1',
        backend: 'onnx',
        medianMs: 0.21,
        p50Ms: 0.21,
        p99Ms: 0.5,
        samplesPerSec: 4761.9,
      }),
      row({
        workload: 'latency-b1',
        backend: 'tfjs-cpu',
        medianMs: 4.1,
        p50Ms: 4.1,
        p99Ms: 9.3,
        samplesPerSec: 243.9,
      }),
      row({ workload: 'fit-nsl-kdd', backend: 'onnx', medianMs: 4200, auc: 0.9312, reps: 1 }),
      row({ workload: 'fit-nsl-kdd', backend: 'tfjs-cpu', medianMs: 98000, auc: 0.9288, reps: 1 }),
    ],
    parity: {
      maxAbsDiff: 2.4e-7,
      backends: ['onnx', 'tfjs-cpu'],
      reference: 'onnx',
      perBackend: { onnx: 0, 'tfjs-cpu': 2.4e-7 },
      samples: 512,
      tolerance: 1e-4,
    },
    unavailable: [{ backend: 'tfjs-node-gpu', reason: 'TensorFlow sees no CUDA GPU' }],
    skipped: [{ workload: 'conv-train-step', backend: 'tfjs-cpu', reason: '--quick skips conv on tfjs-cpu' }],
    failed: [],
    ...overrides,
  };
}
