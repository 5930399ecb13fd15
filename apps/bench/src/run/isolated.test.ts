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

  it('with rounds, a child runs one round of the workloads still open', () => {
    const args = parseBenchArgs(['--write-docs', '--workloads', 'infer-b1024,latency-b1,fit-nsl-kdd']);
    const argv = childArgv(args, 'tfjs-cpu', '/data/nsl', { index: 2, of: 3, workloads: ['latency-b1'] });
    expect(argv).toEqual([
      '--backends',
      'tfjs-cpu',
      '--in-process',
      '--json',
      '--skip-parity',
      '--data-dir',
      '/data/nsl',
      '--round',
      '2/3',
      '--workloads',
      'latency-b1',
    ]);
    expect(parseBenchArgs(argv)).toMatchObject({
      round: { index: 2, of: 3 },
      rounds: 1,
      workloads: ['latency-b1'],
    });
    // one round of one: the plain child command line
    expect(childArgv(args, 'onnx', '/d', { index: 1, of: 1, workloads: ['latency-b1'] })).toEqual(
      childArgv(args, 'onnx', '/d'),
    );
  });

  it('with rounds, merge each cell over the rounds, list repeated skips once, fail a dead round’s cells only', () => {
    const base = { ...sampleReport(), results: [], skipped: [], failed: [], unavailable: [] };
    base.settings = { ...base.settings, workloads: ['infer-b1024', 'latency-b1'], rounds: 3 };
    const skip = { workload: 'fit-nsl-kdd' as const, backend: 'onnx', reason: 'no data' };
    const onnxRound = (medianMs: number) =>
      sampleReport({
        results: [row({ workload: 'infer-b1024', backend: 'onnx', medianMs })],
        skipped: [skip],
        unavailable: [],
      });
    const round = (index: number, workloads: ('infer-b1024' | 'latency-b1')[]) => ({
      index,
      of: 3,
      workloads,
    });
    const merged = mergeReports(base, [
      { backend: 'onnx', report: onnxRound(14), round: round(1, ['infer-b1024', 'latency-b1']) },
      { backend: 'onnx', report: onnxRound(20), round: round(2, ['infer-b1024', 'latency-b1']) },
      {
        backend: 'tfjs-cpu',
        error: 'the measuring process exited with code 134 without a report',
        round: round(2, ['latency-b1']),
      },
      { backend: 'onnx', report: onnxRound(15), round: round(3, ['infer-b1024', 'latency-b1']) },
    ]);
    expect(merged.results).toHaveLength(1);
    expect(merged.results[0]).toMatchObject({
      workload: 'infer-b1024',
      backend: 'onnx',
      medianMs: 15,
      reps: 15,
      rounds: 3,
    });
    expect(merged.skipped).toEqual([skip]);
    expect(merged.failed).toEqual([
      {
        workload: 'latency-b1',
        backend: 'tfjs-cpu',
        error: 'the measuring process exited with code 134 without a report (round 2/3)',
      },
    ]);
  });
});
