import '@a3/backend-onnx';
import '@a3/backend-tfjs';
import { getBackend, Graph, Rng, TensorData } from '@a3/core';
import { describe, expect, it } from 'vitest';
import { deviationLoss, referenceStats } from './deviation-loss';

describe('referenceStats', () => {
  it('summarises 5000 seeded N(0, 1) draws in float64 (population std, as K.std)', () => {
    const rng = new Rng(42);
    const draws = Array.from({ length: 5000 }, () => rng.normal(0, 1));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const std = Math.sqrt(draws.reduce((a, v) => a + (v - mean) ** 2, 0) / draws.length);
    expect(referenceStats(42)).toEqual({ mean, std });
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(std - 1)).toBeLessThan(0.05);
    expect(referenceStats(43)).not.toEqual(referenceStats(42));
  });
});

describe.each(['onnx', 'tfjs-cpu'])('deviationLoss on %s', (backend) => {
  it('equals the paper’s (1 − y)|dev| + y·max(0, a − dev) computed in float64', async () => {
    const ref = { mean: 0.013, std: 0.987 };
    const scores = [-1.2, 0.0, 0.4, 3.1, 6.5, 4.9, -0.3, 7.2];
    const labels = [0, 0, 0, 0, 1, 1, 1, 1];
    const expected = scores.map((s, i) => {
      const dev = (s - ref.mean) / ref.std;
      return labels[i] === 0 ? Math.abs(dev) : Math.max(0, 5 - dev);
    });
    const g = new Graph('deviation');
    g.output('loss', deviationLoss(g.input('s', [-1, 1]), g.input('y', [-1, 1]), ref, 5));
    const exec = await (await getBackend(backend)).compile(g);
    const out = await exec.run({
      s: TensorData.float32([8, 1], scores),
      y: TensorData.float32([8, 1], labels),
    });
    exec.dispose();
    expect(out.loss.shape).toEqual([8]);
    const got = out.loss.data as Float32Array;
    expected.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
    // A labelled anomaly beyond the margin costs nothing; one below it is pushed up.
    expect(got[7]).toBe(0);
    expect(got[5]).toBeGreaterThan(0);
  });
});
