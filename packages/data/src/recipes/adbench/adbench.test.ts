import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { semiSupervisedSplit } from '../../split/semi-supervised';
import { sharedData } from '../../testing/shared-data';
import { loadAdbench } from './adbench';

const fixtures = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures');

describe('adbench recipe (fixture npz)', () => {
  it('labels y as normal/anomaly and min-max scales X fitted on the training part', async () => {
    const d = await loadAdbench({ path: join(fixtures, 'tiny.npz') });
    expect(d.name).toBe('adbench:tiny');
    expect(d.classCounts).toEqual({ anomaly: 3, normal: 7 });
    expect(d.featureNames).toEqual(['x0', 'x1', 'x2']);
    expect(d.train.x.shape).toEqual([8, 3]);
    expect(d.test.labels.slice().sort()).toEqual(['anomaly', 'normal']);
  });
});

const adbench = sharedData('adbench');
describe.skipIf(!adbench.available)(
  `adbench recipe on real files (${adbench.reason || adbench.path})`,
  () => {
    it.each([
      ['6_cardio.npz', 1831, 21, 176],
      ['38_thyroid.npz', 3772, 6, 93],
      ['32_shuttle.npz', 49097, 9, 3511],
    ])('%s: %i rows, %i features, %i anomalies', async (file, rows, features, anomalies) => {
      const d = await loadAdbench({ path: join(adbench.path, file), seed: 2409 });
      expect(d.train.x.shape[0] + d.test.x.shape[0]).toBe(rows);
      expect(d.train.x.shape[1]).toBe(features);
      expect(d.classCounts.anomaly).toBe(anomalies);
      expect(d.test.labels.filter((l) => l === 'anomaly').length).toBe(Math.round(anomalies * 0.2));
      const split = semiSupervisedSplit(
        { train: d.train.labels, test: d.test.labels },
        { normal: ['normal'], known: ['anomaly'], nKnown: 5, testAnomalies: ['anomaly'], seed: 2409 },
      );
      expect(split.train.counts.anomaly).toBe(5);
    });
  },
);
