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

  it('--in-process --rounds 2 merges the rounds of a cell into one row', async () => {
    const io = bufferIo();
    const code = await main(
      [
        '--quick',
        '--json',
        '--in-process',
        '--skip-parity',
        '--rounds',
        '2',
        '--backends',
        'onnx',
        '--workloads',
        'target-train-step',
        '--reps',
        '2',
        '--warmup',
        '0',
      ],
      io,
    );
    expect(code).toBe(0);
    const report = JSON.parse(io.stdout.join('\n')) as {
      results: Record<string, unknown>[];
      settings: Record<string, unknown>;
    };
    expect(report.settings).toMatchObject({ rounds: 2, isolated: false });
    expect(report.results).toHaveLength(1);
    // 1 rep in each of 2 rounds (or, had the first rep filled a round's share, 2 in one)
    expect(report.results[0]).toMatchObject({ workload: 'target-train-step', reps: 2 });
    expect(report.results[0].rounds).toEqual(expect.any(Number));
    expect(report.results[0]).not.toHaveProperty('singleRound');
  });

  it('exits 2 with one line for an unknown backend', async () => {
    const io = bufferIo();
    expect(await main(['--backends', 'nope', '--workloads', 'latency-b1'], io)).toBe(2);
    expect(io.stderr.at(-1)).toMatch(
      /--backends: Unknown backend "nope"\. Known backends: .*onnx.*\[A3_INVALID_ARGUMENT\]/,
    );
  });
});
