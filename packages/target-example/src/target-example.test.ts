import '@a3/backend-tfjs';
import { Rng, TensorData } from '@a3/core';
import { rocAuc } from '@a3/metrics';
import { A3Detector, listTargets } from '@a3/model';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TARGET_NAME } from './index';

/** Rows around the given centres (features in [0, 1]). */
function clusters(rng: Rng, centres: number[][], n: number): number[][] {
  return Array.from({ length: n }, (_, i) =>
    centres[i % centres.length].map((c) => Math.min(1, Math.max(0, rng.normal(c, 0.04)))),
  );
}

describe('target-example', () => {
  it('registers itself on import', () => {
    expect(listTargets()).toContain(TARGET_NAME);
  });

  it('trains and scores through A3Detector, and loads back from disk', async () => {
    const rng = new Rng(7);
    const centre = () => Array.from({ length: 6 }, () => rng.uniform(0.15, 0.85));
    const normal = [centre(), centre()];
    const unseen = [centre(), centre()];
    const train = TensorData.fromRows(clusters(rng, normal, 300));
    const test = TensorData.fromRows([...clusters(rng, normal, 60), ...clusters(rng, unseen, 60)]);
    const truth = [...Array(60).fill(0), ...Array(60).fill(1)];

    const detector = await new A3Detector({
      target: TARGET_NAME,
      targetOptions: { hidden: 16, code: 4 },
      alarm: { hidden: [32, 16] },
      targetTraining: { epochs: 10, batchSize: 64, learningRate: 3e-3 },
      alarmTraining: { epochs: 20, batchSize: 64, learningRate: 2e-3 },
      seed: 1,
    }).fit({ x: train }, { backend: 'tfjs-cpu' });
    expect(detector.taps.map((t) => t.role)).toEqual(['encoder', 'code', 'decoder']);
    const scores = await detector.score(test);
    expect(rocAuc(truth, scores)).toBeGreaterThan(0.8);

    const dir = await mkdtemp(join(tmpdir(), 'target-example-'));
    try {
      await detector.save(dir);
      const loaded = await A3Detector.load(dir, { backend: 'tfjs-cpu' });
      expect(loaded.config.target).toBe(TARGET_NAME);
      const again = await loaded.score(test);
      expect(Math.max(...again.map((s, i) => Math.abs(s - scores[i])))).toBeLessThan(1e-6);
      loaded.dispose();
    } finally {
      detector.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
