import '@a3/backend-onnx';
import { join } from 'node:path';
import { A3FitCache, registerDetector, unregisterDetector } from '@a3/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overlapRequest, TEST_DETECTORS, writeOverlapCsv } from '../testing/centroid-detector';
import { tempDir } from '../testing/fixtures';
import type { DetectorSpec } from './detectors';
import { prepareSeed, type PreparedSeed } from './prepare-seed';
import { runDetector } from './run-detector';

const tmp = tempDir('run-detector');
let prepared: PreparedSeed;

beforeAll(async () => {
  for (const [name, e] of Object.entries(TEST_DETECTORS)) registerDetector(name, e);
  const csv = writeOverlapCsv(join(tmp.dir, 'overlap.csv'), 400, 5);
  prepared = await prepareSeed(overlapRequest(csv), 0);
});
afterAll(() => {
  for (const name of Object.keys(TEST_DETECTORS)) unregisterDetector(name);
  tmp.cleanup();
});

// Small A³ configs laid over the csv recipe's robust preset; the second differs only in its heads.
const small = {
  preset: 'robust',
  alarm: { hidden: [32, 16] },
  targetTraining: { epochs: 2, batchSize: 64, learningRate: 3e-3 },
  alarmTraining: { steps: 30 },
};
const withHeads: DetectorSpec = {
  name: 'a3-two',
  kind: 'a3',
  options: {
    ...small,
    heads: [
      { detector: 'test-centroid', weight: 1 },
      { detector: 'test-labelled', weight: 1 },
    ],
  },
};
const oneHead: DetectorSpec = {
  name: 'a3-one',
  kind: 'a3',
  options: { ...small, heads: [{ detector: 'test-centroid', weight: 1 }] },
};

describe('runDetector with a shared fit cache', () => {
  it('an ablation of the heads reuses the networks, counts their training time, and scores as a fit alone', async () => {
    const { split, recipe } = prepared;
    const fitCache = new A3FitCache();
    const first = await runDetector(split, withHeads, recipe, { backend: 'onnx', fitCache });
    const shared = await runDetector(split, oneHead, recipe, { backend: 'onnx', fitCache });
    const alone = await runDetector(split, oneHead, recipe, { backend: 'onnx' });
    for (const r of [first, shared, alone]) expect(r.status, r.reason).toBe('ok');
    expect(first.sharedSeconds).toBeUndefined();
    expect(alone.sharedSeconds).toBeUndefined();
    expect(shared.sharedSeconds).toBeGreaterThan(0);
    expect(shared.fitSeconds).toBeGreaterThanOrEqual(shared.sharedSeconds!);
    expect(shared.views.test.aucRoc).toBeCloseTo(alone.views.test.aucRoc, 6);
    expect(shared.views.test.aucPr).toBeCloseTo(alone.views.test.aucPr, 6);
    expect(shared.threshold).toBeCloseTo(alone.threshold!, 5);
  }, 120_000);
});
