import { describe, expect, it } from 'vitest';
import { confusionAt, thresholdBestF1, thresholdByContamination, thresholdForFpr } from '../index';
import { nextUp } from './next-up';
import { linearPercentile } from './percentile';

describe('nextUp', () => {
  it('steps to the adjacent double in either sign', () => {
    expect(nextUp(1)).toBe(1 + Number.EPSILON);
    expect(nextUp(0)).toBe(Number.MIN_VALUE);
    expect(nextUp(-Number.MIN_VALUE)).toBe(-0);
    expect(nextUp(-1)).toBe(-1 + Number.EPSILON / 2);
    expect(nextUp(Number.MAX_VALUE)).toBe(Infinity);
  });
});

describe('linearPercentile', () => {
  it('interpolates like numpy and clamps at the ends', () => {
    const sorted = new Float64Array([1, 2, 3, 4]);
    expect(linearPercentile(sorted, 50)).toBe(2.5);
    expect(linearPercentile(sorted, 100)).toBe(4);
    expect(linearPercentile(sorted, 0)).toBe(1);
    expect(linearPercentile(new Float64Array([7]), 90)).toBe(7);
  });
});

describe('thresholdByContamination', () => {
  it('flags the top share of scores', () => {
    const scores = Array.from({ length: 100 }, (_, i) => i / 100);
    const t = thresholdByContamination(scores, 0.1);
    expect(scores.filter((v) => v >= t)).toHaveLength(10);
  });

  it('flags nothing when the percentile sits on a block of tied top scores, like PyOD', () => {
    const scores = [0.1, 0.2, 1, 1, 1, 1, 1, 1, 1, 1];
    const t = thresholdByContamination(scores, 0.2);
    expect(confusionAt([1, 0, 0, 0, 0, 0, 0, 0, 0, 0], scores, t).fp).toBe(0);
  });
});

describe('thresholdBestF1', () => {
  it('prefers the higher threshold among equal F1', () => {
    // Thresholds 0.9 and 0.5 both give F1 = 2/3: tp 1 of 2 alone, or tp 2 with 2 false alarms.
    expect(thresholdBestF1([1, 0, 1, 0], [0.9, 0.5, 0.5, 0.5])).toBe(0.9);
  });
});

describe('thresholdForFpr', () => {
  const y = [0, 0, 0, 0, 1, 1, 0, 1];
  const s = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];

  it('returns the lowest threshold inside the false-alarm budget', () => {
    expect(thresholdForFpr(y, s, 0.2)).toBe(0.5);
    expect(confusionAt(y, s, 0.5).fpr).toBe(0.2);
    expect(thresholdForFpr(y, s, 1)).toBe(0.1);
  });

  it('flags nothing when the top score already exceeds the budget', () => {
    const t = thresholdForFpr([1, 0, 1], [0.2, 0.9, 0.1], 0);
    expect(t).toBe(nextUp(0.9));
    expect(confusionAt([1, 0, 1], [0.2, 0.9, 0.1], t)).toMatchObject({ tp: 0, fp: 0 });
  });
});

describe('confusionAt', () => {
  it('counts score >= threshold as an anomaly and reports zero rates when undefined', () => {
    expect(confusionAt([0, 1, 1, 0], [0.5, 0.5, 0.2, 0.1], 0.5)).toEqual({
      threshold: 0.5,
      tp: 1,
      fp: 1,
      tn: 1,
      fn: 1,
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
      fpr: 0.5,
    });
    const none = confusionAt([0, 0], [0.1, 0.2], Infinity);
    expect(none).toMatchObject({ tp: 0, fp: 0, tn: 2, fn: 0, precision: 0, recall: 0, f1: 0 });
  });
});
