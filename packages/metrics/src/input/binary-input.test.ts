import { A3Error } from '@a3/core';
import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  confusionAt,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
  thresholdBestF1,
  thresholdByContamination,
  thresholdForFpr,
} from '../index';

function errorOf(fn: () => unknown): A3Error {
  try {
    fn();
  } catch (err) {
    if (err instanceof A3Error) return err;
    throw err;
  }
  throw new Error('expected an A3Error, nothing was thrown');
}

describe('input validation', () => {
  it('rejects mismatched lengths, naming both counts and the calling function', () => {
    const err = errorOf(() => rocAuc([0, 1, 1], [0.1, 0.2]));
    expect(err.code).toBe('A3_INVALID_ARGUMENT');
    expect(err.name).toBe('InvalidArgumentError');
    expect(err.message).toBe(
      'rocAuc: yTrue has 3 labels but scores has 2 values; pass exactly one label per score, in the same order.',
    );
  });

  it('rejects a single class, saying which one is missing', () => {
    expect(() => averagePrecision([0, 0, 0], [0.1, 0.2, 0.3])).toThrow(
      'averagePrecision: yTrue contains only normals (label 0); the metric is undefined with a single class.',
    );
    expect(() => rocCurve([1, 1], [0.1, 0.2])).toThrow(
      /^rocCurve: yTrue contains only anomalies \(label 1\).*at least one normal \(0\) and one anomaly \(1\)\.$/,
    );
  });

  it('rejects labels other than 0 and 1, with their position', () => {
    expect(() => precisionRecallCurve([0, 1, 2], [0.1, 0.2, 0.3])).toThrow(
      'precisionRecallCurve: yTrue[2] is 2; labels must be 0 (normal) or 1 (anomaly).',
    );
    expect(() => rocAuc([0, -1], [0.1, 0.2])).toThrow(/yTrue\[1\] is -1/);
  });

  it('rejects NaN and infinite scores, with their position', () => {
    expect(() => rocAuc([0, 1, 1], [0.1, NaN, 0.3])).toThrow(
      'rocAuc: scores[1] is NaN; every score must be a finite number.',
    );
    expect(() => averagePrecision([0, 1], new Float32Array([0.1, Infinity]))).toThrow(
      /scores\[1\] is Infinity/,
    );
  });

  it('rejects empty input and non-arrays', () => {
    expect(() => rocAuc([], [])).toThrow('rocAuc: scores is empty; pass at least one score.');
    expect(() => thresholdByContamination([], 0.1)).toThrow(/scores is empty/);
    expect(() => rocAuc(null as unknown as number[], [0.5])).toThrow(
      'rocAuc: yTrue must be an array of 0/1 labels (number[] or a typed array), got null.',
    );
    expect(() => rocAuc([0, 1], 'ab' as unknown as number[])).toThrow(
      /rocAuc: scores must be an array of numbers.*got "ab"/,
    );
  });

  it('checks threshold arguments', () => {
    expect(() => thresholdByContamination([0.1, 0.2], 0)).toThrow(
      'thresholdByContamination: contamination must be a share of anomalies strictly between 0 and 1 (e.g. 0.1 for 10%), got 0.',
    );
    expect(() => thresholdByContamination([0.1, 0.2], 1.5)).toThrow(/got 1\.5/);
    expect(() => thresholdForFpr([0, 1], [0.1, 0.2], -0.1)).toThrow(
      'thresholdForFpr: targetFpr must be a false-positive rate between 0 and 1 (e.g. 0.01 for 1% false alarms), got -0.1.',
    );
    expect(() => thresholdBestF1([0, 0], [0.1, 0.2])).toThrow(/thresholdBestF1: yTrue contains only normals/);
    expect(() => confusionAt([0, 1], [0.1, 0.2], NaN)).toThrow(
      /confusionAt: threshold must be a number, got NaN/,
    );
  });

  it('accepts typed arrays for labels and scores', () => {
    const y = new Uint8Array([0, 0, 1, 1]);
    const s = new Float32Array([0.1, 0.4, 0.35, 0.8]);
    expect(rocAuc(y, s)).toBe(0.75);
    expect(averagePrecision(y, s)).toBeCloseTo(0.8333333333333333, 15);
  });
});
