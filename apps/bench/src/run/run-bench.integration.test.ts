import { describe, expect, it } from 'vitest';
import { main, type BenchIo } from '../main';

function bufferIo(): BenchIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

// The --quick path end to end on a real backend, one tiny workload, one rep: checks the JSON
// shape only — never the timings (they depend on the machine).
describe('a3-bench --json (integration)', () => {
  it('prints one JSON object with machine, results, parity and unavailable', async () => {
    const io = bufferIo();
    const code = await main(
      [
        '--quick',
        '--json',
        '--backends',
        'onnx',
        '--workloads',
        'target-train-step',
        '--reps',
        '1',
        '--warmup',
        '0',
      ],
      io,
    );
    expect(io.stderr.filter((l) => /FAILED/.test(l))).toEqual([]);
    expect(code).toBe(0);
    const report = JSON.parse(io.stdout.join('\n')) as {
      machine: Record<string, unknown>;
      results: Record<string, unknown>[];
      parity: { maxAbsDiff: number | null; backends: string[] };
      unavailable: unknown[];
    };
    expect(Object.keys(report).slice(0, 4)).toEqual(['machine', 'results', 'parity', 'unavailable']);
    expect(report.machine).toMatchObject({ cores: expect.any(Number), node: process.version });
    expect(report.results).toHaveLength(1);
    const r = report.results[0];
    expect(r).toMatchObject({ workload: 'target-train-step', backend: 'onnx', reps: 1 });
    for (const k of ['medianMs', 'minMs', 'maxMs', 'samplesPerSec', 'gflops'])
      expect(r[k]).toEqual(expect.any(Number));
    expect(r.medianMs).toBeGreaterThan(0);
    expect(report.parity.backends).toEqual(['onnx']);
    expect(report.parity.maxAbsDiff).toBe(0);
    expect(report.unavailable).toEqual([]);
  });

  it('exits 2 with one line for an unknown backend', async () => {
    const io = bufferIo();
    expect(await main(['--backends', 'nope', '--workloads', 'latency-b1'], io)).toBe(2);
    expect(io.stderr.at(-1)).toMatch(
      /--backends: Unknown backend "nope"\. Known backends: .*onnx.*\[A3_INVALID_ARGUMENT\]/,
    );
  });
});
