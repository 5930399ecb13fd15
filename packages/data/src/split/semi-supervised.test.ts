import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, TensorData } from '@a3/core';
import { applySplit, semiSupervisedSplit } from './semi-supervised';

// 1000 normal, 200 DoS, 100 Probe, 50 R2L rows, interleaved (7 is coprime to 1350, so i·7 mod n permutes).
function labels(): string[] {
  const ordered = Array.from({ length: 1350 }, (_, i) =>
    i < 1000 ? 'normal' : i < 1200 ? 'DoS' : i < 1300 ? 'Probe' : 'R2L',
  );
  return ordered.map((_, i) => ordered[(i * 7) % ordered.length]);
}
const train = labels();
const test = [
  ...Array<string>(300).fill('normal'),
  ...Array<string>(40).fill('R2L'),
  ...Array<string>(30).fill('DoS'),
];
const protocol = {
  normal: ['normal'],
  known: ['DoS', 'Probe'],
  nKnown: 25,
  testAnomalies: ['R2L'],
  seed: 2409,
};

describe('semiSupervisedSplit with a test split', () => {
  const split = semiSupervisedSplit({ train, test }, protocol);

  it('trains on all remaining normal rows plus exactly nKnown known anomalies', () => {
    const counts = split.train.counts;
    expect(counts.normal).toBe(950);
    expect((counts.DoS ?? 0) + (counts.Probe ?? 0)).toBe(25);
    expect(counts.R2L).toBeUndefined();
    expect(Array.from(split.train.y).filter((v) => v === 1).length).toBe(25);
    for (let k = 0; k < split.train.indices.length; k++) {
      expect(split.train.y[k]).toBe(train[split.train.indices[k]] === 'normal' ? 0 : 1);
    }
  });

  it('holds out a stratified validation set of normal and known classes, disjoint from training', () => {
    expect(split.validation.counts).toEqual({ normal: 50, DoS: 10, Probe: 5 });
    const trainRows = new Set(split.train.indices);
    for (const i of split.validation.indices) expect(trainRows.has(i)).toBe(false);
  });

  it('tests on normal and test-anomaly rows of the test data', () => {
    expect(split.test.source).toBe('test');
    expect(split.test.counts).toEqual({ normal: 300, R2L: 40 });
    expect(Array.from(split.test.y).reduce((a, b) => a + b, 0)).toBe(40);
  });

  it('is deterministic per seed', () => {
    const again = semiSupervisedSplit({ train, test }, protocol);
    expect(again.train.indices).toEqual(split.train.indices);
    expect(again.validation.indices).toEqual(split.validation.indices);
    const other = semiSupervisedSplit({ train, test }, { ...protocol, seed: 2903 });
    expect(other.train.indices).not.toEqual(split.train.indices);
  });

  it('supports nKnown = 0, no validation, and capped validation anomalies', () => {
    const none = semiSupervisedSplit({ train, test }, { ...protocol, nKnown: 0, validationFraction: 0 });
    expect(none.train.counts).toEqual({ normal: 1000 });
    expect(none.validation.indices.length).toBe(0);
    const capped = semiSupervisedSplit({ train, test }, { ...protocol, validationKnown: 3 });
    expect((capped.validation.counts.DoS ?? 0) + (capped.validation.counts.Probe ?? 0)).toBe(3);
  });
});

describe('semiSupervisedSplit without a test split', () => {
  it('takes a stratified, seeded test hold-out first, disjoint from train and validation', () => {
    const s = semiSupervisedSplit(train, { ...protocol, testAnomalies: ['R2L', 'DoS'], testFraction: 0.2 });
    expect(s.test.source).toBe('train');
    expect(s.test.counts).toEqual({ normal: 200, DoS: 40, R2L: 10 });
    const used = new Set([...s.train.indices, ...s.validation.indices]);
    for (const i of s.test.indices) expect(used.has(i)).toBe(false);
    expect(s.train.counts.normal).toBe(760);
  });
});

describe('semiSupervisedSplit validation', () => {
  it('lists the available classes when a class name is wrong', () => {
    const err = (() => {
      try {
        semiSupervisedSplit({ train, test }, { ...protocol, known: ['Dos'] });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toMatch(
      /Unknown known-anomaly class\(es\) "Dos" in the training data\. Available classes \(rows\): "DoS" \(200\), "Probe" \(100\), "R2L" \(50\), "normal" \(1000\)/,
    );
  });

  it('rejects impossible requests with the fix', () => {
    expect(() => semiSupervisedSplit({ train, test }, { ...protocol, nKnown: 1000 })).toThrow(
      /nKnown = 1000, but the training pool has only 285 rows of the known classes "DoS", "Probe" after the validation hold-out/,
    );
    expect(() => semiSupervisedSplit({ train, test }, { ...protocol, known: ['normal'] })).toThrow(
      /both normal and anomalous/,
    );
    expect(() => semiSupervisedSplit({ train, test }, { ...protocol, validationFraction: 1 })).toThrow(
      /\[0, 1\)/,
    );
    expect(() => semiSupervisedSplit({ train, test }, { ...protocol, nKnown: 2.5 })).toThrow(/integer/);
  });
});

describe('applySplit', () => {
  it('gathers rows from the right source tensor with float32 labels', () => {
    const xTrain = TensorData.float32(
      [train.length, 1],
      train.map((_, i) => i),
    );
    const xTest = TensorData.float32(
      [test.length, 1],
      test.map((_, i) => 10_000 + i),
    );
    const split = semiSupervisedSplit({ train, test }, protocol);
    const t = applySplit(split, { train: xTrain, test: xTest });
    expect(t.train.x.toArray()).toEqual(Array.from(split.train.indices));
    expect(t.test.x.toArray()[0]).toBe(10_000 + split.test.indices[0]);
    expect(t.train.y.dtype).toBe('float32');
    expect(() => applySplit(split, { train: xTrain })).toThrow(/pass data\.test/);
  });
});
