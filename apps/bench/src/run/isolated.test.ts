import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../args/parse-args';
import { row, sampleReport } from '../report/testing/sample-report';
import { childArgv, mergeReports } from './isolated';

describe('per-backend child processes', () => {
  it('forward the run settings, restricted to one backend, in-process, as JSON, without parity', () => {
    const args = parseBenchArgs([
      '--quick',
      '--workloads',
      'infer-b1024,latency-b1',
      '--reps',
      '4',
      '--threads',
      '1',
      '--seed',
      '7',
      '--out',
      'x',
    ]);
    const argv = childArgv(args, 'onnx', '/data/nsl');
    expect(argv).toEqual([
      '--backends',
      'onnx',
      '--in-process',
      '--json',
      '--skip-parity',
      '--data-dir',
      '/data/nsl',
      '--workloads',
      'infer-b1024,latency-b1',
      '--reps',
      '4',
      '--threads',
      '1',
      '--seed',
      '7',
      '--quick',
    ]);
    // what the child gets parses back to the same settings
    expect(parseBenchArgs(argv)).toMatchObject({
      backends: ['onnx'],
      inProcess: true,
      json: true,
      parity: false,
      reps: 4,
      quick: true,
    });
  });

  it('merge child reports; a child without a report fails each of its workloads with the reason', () => {
    const base = { ...sampleReport(), results: [], skipped: [], failed: [] };
    base.settings = { ...base.settings, workloads: ['infer-b1024', 'latency-b1'] };
    const onnx = sampleReport({
      results: [row({ workload: 'infer-b1024', backend: 'onnx', medianMs: 14 })],
      skipped: [],
      unavailable: [],
    });
    onnx.machine.libraries = { onnx: { onnxruntime: '1.30.0' } };
    const merged = mergeReports(base, [
      { backend: 'onnx', report: onnx },
      { backend: 'tfjs-cpu', error: 'the measuring process was killed by SIGKILL without a report' },
    ]);
    expect(merged.results.map((r) => `${r.workload}/${r.backend}`)).toEqual(['infer-b1024/onnx']);
    expect(merged.failed).toEqual([
      {
        workload: 'infer-b1024',
        backend: 'tfjs-cpu',
        error: 'the measuring process was killed by SIGKILL without a report',
      },
      {
        workload: 'latency-b1',
        backend: 'tfjs-cpu',
        error: 'the measuring process was killed by SIGKILL without a report',
      },
    ]);
    expect(merged.machine.libraries.onnx).toEqual({ onnxruntime: '1.30.0' });
    expect(merged.unavailable).toEqual(base.unavailable);
    expect(base.results).toEqual([]); // inputs untouched
  });
});
