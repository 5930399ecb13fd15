import { describe, expect, it } from 'vitest';
import { row } from '../report/testing/sample-report';
import { cellKey, mergeCell, mergeRoundRows, roundOrder, roundsPhrase, settledCells } from './rounds';

describe('round order', () => {
  it('alternates: as given, reversed, as given, …', () => {
    const b = ['onnx', 'tfjs-node', 'tfjs-wasm'];
    expect([0, 1, 2, 3].map((i) => roundOrder(b, i).join(' '))).toEqual([
      'onnx tfjs-node tfjs-wasm',
      'tfjs-wasm tfjs-node onnx',
      'onnx tfjs-node tfjs-wasm',
      'tfjs-wasm tfjs-node onnx',
    ]);
    expect(b).toEqual(['onnx', 'tfjs-node', 'tfjs-wasm']); // input untouched
    expect(roundOrder([], 1)).toEqual([]);
  });

  it('every backend runs first and last equally often over an even number of rounds', () => {
    const b = ['a', 'b', 'c'];
    const firsts = [0, 1, 2, 3].map((i) => roundOrder(b, i)[0]);
    expect(firsts.filter((x) => x === 'a')).toHaveLength(2);
    expect(firsts.filter((x) => x === 'c')).toHaveLength(2);
  });
});

describe('merging rounds', () => {
  const step = (medianMs: number, p: Partial<Parameters<typeof row>[0]> = {}) =>
    row({
      workload: 'alarm-fit-steps',
      backend: 'onnx',
      medianMs,
      minMs: medianMs - 1,
      maxMs: medianMs + 1,
      samplesPerSec: (256 * 1000) / medianMs,
      flopsPerRep: 2.058e9,
      gflops: 2.058e9 / medianMs / 1e6,
      reps: 4,
      ...p,
    });

  it('takes the median of the rounds’ medians, min/max over all reps, reps summed, the largest memory', () => {
    const m = mergeCell([
      step(20, { peakRssMiB: 300 }),
      step(30, { peakRssMiB: 350, backendMiB: 15.5 }),
      step(22, { peakRssMiB: 320 }),
    ]);
    expect(m).toMatchObject({
      workload: 'alarm-fit-steps',
      backend: 'onnx',
      medianMs: 22,
      minMs: 19,
      maxMs: 31,
      reps: 12,
      peakRssMiB: 350,
      backendMiB: 22.1,
      rounds: 3,
    });
    // rates follow the merged median
    expect(m.samplesPerSec).toBeCloseTo((256 * 1000) / 22, 1);
    expect(m.gflops).toBeCloseTo(2.058e9 / 22 / 1e6, 2);
  });

  it('marks a row noisy by the one-round rule on the merged spread', () => {
    // every round tight, but one round ran on a slow machine: (31 − 19) / 22 > 25 %
    expect(mergeCell([step(20), step(30), step(22)]).noisy).toBe(true);
    expect(mergeCell([step(20), step(21), step(22)]).noisy).toBe(false);
    // fewer than 3 reps in all: never noisy (as in one round)
    expect(mergeCell([step(20, { reps: 1 }), step(30, { reps: 1 })]).noisy).toBe(false);
  });

  it('merges latency percentiles; noisy when a round was or the rounds’ p50s lie far apart', () => {
    const lat = (p50: number, p99: number, noisy = false) =>
      row({
        workload: 'latency-b1',
        backend: 'onnx',
        medianMs: p50,
        p50Ms: p50,
        p99Ms: p99,
        reps: 300,
        noisy,
      });
    const m = mergeCell([lat(0.25, 0.4), lat(0.24, 0.9), lat(0.26, 0.5)]);
    expect(m).toMatchObject({ medianMs: 0.25, p50Ms: 0.25, p99Ms: 0.5, reps: 900, noisy: false });
    expect(mergeCell([lat(0.25, 0.4), lat(0.24, 0.4, true)]).noisy).toBe(true);
    expect(mergeCell([lat(0.25, 0.4), lat(0.4, 0.6), lat(0.26, 0.4)]).noisy).toBe(true);
  });

  it('takes the median fit of the rounds, with its AUC; keeps uncounted GFLOP/s null', () => {
    const fit = (ms: number, auc: number) =>
      row({
        workload: 'fit-nsl-kdd',
        backend: 'onnx',
        medianMs: ms,
        minMs: ms,
        maxMs: ms,
        reps: 1,
        auc,
        gflops: null,
      });
    const m = mergeCell([fit(900, 0.894), fit(1400, 0.895), fit(950, 0.894)]);
    expect(m).toMatchObject({ medianMs: 950, minMs: 900, maxMs: 1400, reps: 3, auc: 0.894, gflops: null });
  });

  it('one row per cell, in first-seen order; a single round passes through, marked as one round', () => {
    const merged = mergeRoundRows([
      step(20),
      row({ workload: 'infer-b1024', backend: 'tfjs-cpu', medianMs: 4400, singleRound: true }),
      step(24, { backend: 'tfjs-node' }),
      step(22),
      step(26, { backend: 'tfjs-node' }),
    ]);
    expect(merged.map((r) => `${r.workload}/${r.backend}/${r.rounds}`)).toEqual([
      'alarm-fit-steps/onnx/2',
      'infer-b1024/tfjs-cpu/1',
      'alarm-fit-steps/tfjs-node/2',
    ]);
    expect(merged[0].medianMs).toBe(21);
    expect(merged[1].medianMs).toBe(4400);
    expect(merged.some((r) => 'singleRound' in r)).toBe(false);
  });
});

describe('cells later rounds leave alone', () => {
  it('are the skipped, the failed and the rows measured whole; all of them when the child died', () => {
    const report = {
      results: [
        row({ workload: 'infer-b1024', backend: 'tfjs-cpu', medianMs: 4400, singleRound: true }),
        row({ workload: 'latency-b1', backend: 'tfjs-cpu', medianMs: 4.4 }),
      ],
      skipped: [{ workload: 'alarm-fit-steps' as const, backend: 'tfjs-cpu', reason: 'slow' }],
      failed: [{ workload: 'conv-train-step' as const, backend: 'tfjs-cpu', error: 'boom' }],
    };
    expect(settledCells('tfjs-cpu', ['infer-b1024', 'latency-b1'], report).sort()).toEqual(
      [
        cellKey('alarm-fit-steps', 'tfjs-cpu'),
        cellKey('conv-train-step', 'tfjs-cpu'),
        cellKey('infer-b1024', 'tfjs-cpu'),
      ].sort(),
    );
    expect(settledCells('onnx', ['infer-b1024', 'latency-b1'], undefined)).toEqual([
      cellKey('infer-b1024', 'onnx'),
      cellKey('latency-b1', 'onnx'),
    ]);
  });
});

describe('report text', () => {
  it('says how many rounds and that the order alternated', () => {
    expect(roundsPhrase(3, ['onnx', 'tfjs-node', 'tfjs-cpu'])).toBe(
      'in 3 rounds, the backend order alternating (onnx → tfjs-cpu, then back)',
    );
    expect(roundsPhrase(2, ['onnx'])).toBe('in 2 rounds');
    expect(roundsPhrase(1, ['onnx', 'tfjs-cpu'])).toBe('in one round');
  });
});
