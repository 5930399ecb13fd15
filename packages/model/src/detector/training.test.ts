import '@a3/backend-onnx';
import { Rng } from '@a3/core';
import { describe, expect, it } from 'vitest';
import { A3Detector, knownShareSampler, type A3ProgressEvent } from '../index';
import { syntheticProblem, TINY_CONFIG } from '../testing/synthetic';

describe('knownShareSampler', () => {
  // 1,000 normals (rows 0..999) and 7 known anomalies (rows 1000..1006), batches of 64 at 1/8:
  // 8 known + 56 normals per batch, 18 batches (17 full, the last with 48 normals + round(8·48/56) = 7).
  const y = new Uint8Array(1007);
  y.fill(1, 1000);
  const sampler = knownShareSampler(y, 64, 1 / 8)!;

  it('gives every batch its share of known anomalies and each normal exactly once per epoch', () => {
    const order = sampler(1, new Rng(3));
    const batches: Int32Array[] = [];
    for (let b = 0; b < order.length; b += 64) batches.push(order.subarray(b, b + 64));
    expect(batches).toHaveLength(18);
    const known = batches.map((b) => b.filter((i) => y[i] === 1).length);
    expect(known).toEqual([...Array(17).fill(8), 7]);
    expect(batches.slice(0, 17).every((b) => b.length === 64)).toBe(true);
    expect(batches[17].length).toBe(48 + 7);
    const normals = Array.from(order.filter((i) => y[i] === 0)).sort((a, b) => a - b);
    expect(normals).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    // Drawn with replacement from all 7 known rows.
    expect(new Set(order.filter((i) => y[i] === 1)).size).toBe(7);
  });

  it('is seeded: same generator state, same epoch; nothing to oversample without known anomalies', () => {
    expect(sampler(1, new Rng(3))).toEqual(sampler(1, new Rng(3)));
    expect(sampler(1, new Rng(4))).not.toEqual(sampler(1, new Rng(3)));
    expect(knownShareSampler(new Uint8Array(10), 64, 0.125)).toBeUndefined();
  });
});

describe('alarm training options', () => {
  const problem = syntheticProblem({ seed: 2, nNormalTrain: 200, nKnown: 6 });

  it('steps replaces the alarm’s epochs; knownShare sets how many batches an epoch has', async () => {
    const steps: A3ProgressEvent[] = [];
    const d = await new A3Detector({
      ...TINY_CONFIG,
      targetTraining: { ...TINY_CONFIG.targetTraining, epochs: 1 },
      alarmTraining: { epochs: 50, steps: 11, batchSize: 32, learningRate: 1e-3, knownShare: 0.25 },
    }).fit(problem.train, {
      backend: 'onnx',
      onProgress: (e) => void (e.phase === 'alarm' && e.type === 'step' && steps.push(e)),
    });
    // 200 normals, 24 per batch (8 known): 9 batches an epoch; 11 steps = 9 + 2 (cut short).
    expect(steps.map((e) => [e.epoch, e.stepsPerEpoch, e.epochs])).toEqual([
      ...Array(9).fill([1, 9, 2]),
      ...Array(2).fill([2, 2, 2]),
    ]);
    expect((d.training.alarm as { epochs: number }).epochs).toBe(2);
    d.dispose();
  });
});
