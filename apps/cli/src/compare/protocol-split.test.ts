import { TensorData } from '@a3/core';
import { npyToNumbers, readNpz, type LoadedDataset } from '@a3/data';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../../packages/data/src/testing/shared-data';
import { parseNKnown, resolveNKnown } from './n-known';
import { prepareSeed } from './prepare-seed';
import { protocolSplit } from './protocol-split';

/**
 * A small data set with a test split: 3 features; normals in [10, 20] × [0, 1] × [-5, 5], anomaly
 * classes "a" (feature 0 far above) and "b" (feature 1 far below), so a scaler fitted on more
 * than the normals would show in the scaled ranges.
 */
function toyDataset(): LoadedDataset {
  const rows = (labels: string[], offset: number) =>
    labels.map((c, i) => {
      const t = ((i * 37 + offset) % 101) / 100;
      const base = [10 + 10 * t, t * t, -5 + (10 * ((i * 13) % 7)) / 6];
      if (c === 'a') base[0] = 100 + i;
      if (c === 'b') base[1] = -50 - i;
      return base;
    });
  const trainLabels = [
    ...Array(60).fill('normal'),
    ...Array(12).fill('a'),
    ...Array(8).fill('b'),
  ] as string[];
  const testLabels = [...Array(20).fill('normal'), ...Array(5).fill('a'), ...Array(5).fill('b')] as string[];
  return {
    name: 'toy',
    train: { x: TensorData.fromRows(rows(trainLabels, 0)), labels: trainLabels },
    test: { x: TensorData.fromRows(rows(testLabels, 5)), labels: testLabels },
    classCounts: { a: 17, b: 13, normal: 80 },
    normalClasses: ['normal'],
    notes: [],
  };
}

const spec = {
  normal: ['normal'],
  known: ['a'],
  nKnown: 4,
  testAnomalies: ['a', 'b'],
  seed: 3,
  validationFraction: 0.05,
};

describe('protocolSplit (the label budget)', () => {
  const data = toyDataset();
  const split = protocolSplit(data, spec, { scale: true });

  it('trains on every training normal plus exactly N known anomalies of the known classes, nothing else', () => {
    expect(split.train.y.length).toBe(60 + 4);
    expect(split.train.y.reduce((n, y) => n + y, 0)).toBe(4);
    expect(split.train.counts).toEqual({ normal: 60, a: 4 });
    // The caller's validation fraction is overridden: no second labelled part exists.
    expect(split.splitSpec.validationFraction).toBe(0);
    expect(split.test.counts).toEqual({ normal: 20, a: 5, b: 5 });
  });

  it('fits min-max on the training normals only (float64 reference)', () => {
    const raw = data.train.x;
    const normalRows = data.train.labels.flatMap((c, i) => (c === 'normal' ? [i] : []));
    const d = 3;
    const min = [Infinity, Infinity, Infinity];
    const max = [-Infinity, -Infinity, -Infinity];
    for (const i of normalRows)
      for (let j = 0; j < d; j++) {
        min[j] = Math.min(min[j], raw.data[i * d + j]);
        max[j] = Math.max(max[j], raw.data[i * d + j]);
      }
    // Each scaled training row equals (x − min) / (max − min) of the normals' float64 range.
    const trainRaw = raw.gatherRows(normalRows);
    const scaledNormals = split.train.x.gatherRows(
      Array.from(split.train.y.keys()).filter((k) => split.train.y[k] === 0),
    );
    for (let r = 0; r < trainRaw.shape[0]; r++)
      for (let j = 0; j < d; j++) {
        const expected = (trainRaw.data[r * d + j] - min[j]) / (max[j] - min[j]);
        expect(scaledNormals.data[r * d + j]).toBeCloseTo(expected, 6);
      }
    // The known anomalies lie outside the normals' range, so they scale beyond [0, 1].
    const known = split.train.x.gatherRows(
      Array.from(split.train.y.keys()).filter((k) => split.train.y[k] === 1),
    );
    for (let r = 0; r < known.shape[0]; r++) expect(known.data[r * d]).toBeGreaterThan(1);
  });

  it('reports views of the test part: normals plus the view’s classes', () => {
    const views = protocolSplit(data, spec, {
      scale: false,
      views: [
        { name: 'all', testAnomalies: ['a', 'b'] },
        { name: 'only-b', testAnomalies: ['b'] },
      ],
    }).views;
    expect(views.map((v) => [v.name, v.rows.length, v.nAnomalies])).toEqual([
      ['all', 30, 10],
      ['only-b', 25, 5],
    ]);
  });

  it('refuses more known anomalies than the training pool holds, naming --n-known', () => {
    expect(() => protocolSplit(data, { ...spec, nKnown: 13 }, { scale: true })).toThrow(/--n-known/);
  });

  it('is a function of the seed', () => {
    const again = protocolSplit(data, spec, { scale: true });
    expect(Array.from(again.train.x.data)).toEqual(Array.from(split.train.x.data));
    const other = protocolSplit(data, { ...spec, seed: 4 }, { scale: true });
    expect(Array.from(other.train.x.data)).not.toEqual(Array.from(split.train.x.data));
  });
});

describe('--n-known', () => {
  it('reads counts and percentages and rejects anything else', () => {
    expect(parseNKnown('100')).toEqual({ kind: 'count', n: 100 });
    expect(parseNKnown('5%')).toEqual({ kind: 'percent', percent: 5 });
    expect(parseNKnown(undefined)).toEqual({ kind: 'default' });
    for (const bad of ['-1', '5.5', '0%', '101%', 'five', '%'])
      expect(() => parseNKnown(bad)).toThrow(/--n-known/);
  });

  it('takes P% of the pool rounded, at least 5 (or the whole pool when smaller)', () => {
    const pct = parseNKnown('5%');
    expect(resolveNKnown(pct, 123)).toBe(6); // 6.15
    expect(resolveNKnown(pct, 357)).toBe(18); // 17.85
    expect(resolveNKnown(pct, 65)).toBe(5); // 3.25 → the floor of 5
    expect(resolveNKnown(pct, 3)).toBe(3);
    expect(resolveNKnown({ kind: 'default' }, 40)).toBe(40);
    expect(resolveNKnown({ kind: 'default' }, 400)).toBe(100);
  });
});

const adbench = sharedData('adbench');

describe.skipIf(!adbench.available)('the PEERS.md protocol on the ADBench development sets', () => {
  // N known of each set as PEERS.md lists it (5 % of the training anomalies, at least 5).
  const PEERS_N: Record<string, number> = {
    '6_cardio': 6,
    '38_thyroid': 5,
    '32_shuttle': 123,
    '26_optdigits': 5,
    '27_PageBlocks': 18,
    '29_Pima': 9,
  };

  it.each(Object.entries(PEERS_N))(
    '%s: stratified 70/30, N known as PEERS.md, train y has exactly N ones',
    async (name, n) => {
      const prepared = await prepareSeed(
        {
          values: {
            dataset: 'adbench',
            file: `${adbench.path}/${name}.npz`,
            'n-known': '5%',
            'test-fraction': '0.3',
          },
        },
        1,
      );
      const { train, test } = prepared.split;
      // Class totals straight from the file's y.
      const y = npyToNumbers(readNpz(`${adbench.path}/${name}.npz`).get('y')!);
      const n1 = y.reduce((s, v) => s + v, 0);
      const n0 = y.length - n1;
      expect(test.counts).toEqual({ normal: Math.round(0.3 * n0), anomaly: Math.round(0.3 * n1) });
      expect(train.counts).toEqual({ normal: n0 - Math.round(0.3 * n0), anomaly: n });
      expect(train.y.reduce((s, v) => s + v, 0)).toBe(n);
      expect(prepared.split.splitSpec.nKnown).toBe(n);
    },
  );
});
