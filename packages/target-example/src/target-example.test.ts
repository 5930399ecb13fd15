import '@a3/backend-tfjs';
import { Rng, TensorData } from '@a3/core';
import { rocAuc } from '@a3/metrics';
import { A3Detector, checkTarget, listTargets } from '@a3/model';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TARGET_NAME } from './index';

/** The options these tests build the target with; edit them with the target. */
const OPTIONS = { hidden: 16, code: 4 };

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

  it('passes checkTarget: scope, hidden taps, loss, seeded determinism, save/load round trip', async () => {
    // Throws a TargetCheckError listing every failed check, each with what to fix.
    const report = await checkTarget(TARGET_NAME, { options: OPTIONS, backend: 'tfjs-cpu' });
    expect(report.failures).toEqual([]);
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
      targetOptions: OPTIONS,
      alarm: { hidden: [32, 16] },
      targetTraining: { epochs: 10, batchSize: 64, learningRate: 3e-3 },
      alarmTraining: { epochs: 20, batchSize: 64, learningRate: 2e-3 },
      seed: 1,
    }).fit({ x: train }, { backend: 'tfjs-cpu' });
    // The alarm reads the target's own hidden activations, whatever the layers are now: the
    // expected taps come from the target itself, not from a list written here.
    const { taps } = await checkTarget(TARGET_NAME, {
      options: OPTIONS,
      inputShape: [6],
      backend: 'tfjs-cpu',
      skipRoundTrip: true,
    });
    expect(detector.taps).toEqual(taps);
    const scores = await detector.score(test);
    expect(rocAuc(truth, scores)).toBeGreaterThan(0.8);

    const dir = await mkdtemp(join(tmpdir(), 'target-example-'));
    try {
      await detector.save(join(dir, 'model'));
      const loaded = await A3Detector.load(join(dir, 'model'), { backend: 'tfjs-cpu' });
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
