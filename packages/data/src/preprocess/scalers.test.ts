import { describe, expect, it } from 'vitest';
import { DataError, FormatError, TensorData } from '@a3/core';
import { MinMax } from './min-max';
import { Standard } from './standard';

const train = TensorData.fromRows([
  [0, 5, 10],
  [10, 5, 20],
  [5, 5, 30],
]);

describe('MinMax', () => {
  it('maps the training range to [0, 1] and leaves constant columns at 0', () => {
    const s = MinMax.fit(train);
    expect(s.transform(train).toArray()).toEqual([0, 0, 0, 1, 0, 0.5, 0.5, 0, 1]);
  });

  it('extrapolates on unseen data unless clip is set, and honours a custom range', () => {
    const test = TensorData.fromRows([[20, 6, 0]]);
    expect(MinMax.fit(train).transform(test).toArray()).toEqual([2, 1, -0.5]);
    expect(MinMax.fit(train, { clip: true }).transform(test).toArray()).toEqual([1, 1, 0]);
    expect(
      MinMax.fit(train, { range: [-1, 1] })
        .transform(train)
        .toArray(),
    ).toEqual([-1, -1, -1, 1, -1, 0, 0, -1, 1]);
  });

  it('round-trips through JSON', () => {
    const s = MinMax.fit(train, { clip: true });
    const json = JSON.parse(JSON.stringify(s.toJSON())) as unknown;
    expect(MinMax.fromJSON(json).transform(train).toArray()).toEqual(s.transform(train).toArray());
    expect(() =>
      MinMax.fromJSON({ type: 'minmax', min: [0], max: [1, 2], range: [0, 1], clip: false }),
    ).toThrow(/minmax\.max has 2 values, expected 1/);
  });

  it('refuses NaN in training data, naming row and feature', () => {
    const bad = TensorData.float32([2, 2], [1, 2, 3, NaN]);
    expect(() => MinMax.fit(bad, {}, ['a', 'b'])).toThrow(DataError);
    expect(() => MinMax.fit(bad, {}, ['a', 'b'])).toThrow(/row 1, feature "b" is NaN/);
  });
});

describe('Standard', () => {
  it('standardises with population std and keeps constant columns at 0', () => {
    const s = Standard.fit(train);
    const out = s.transform(train).toArray();
    const sd = Math.sqrt(50 / 3);
    expect(out[0]).toBeCloseTo(-5 / sd, 6);
    expect(out[1]).toBe(0);
    expect(out[5]).toBeCloseTo(0, 6);
    expect(
      Standard.fromJSON(JSON.parse(JSON.stringify(s.toJSON())) as unknown)
        .transform(train)
        .toArray(),
    ).toEqual(out);
    expect(() => Standard.fromJSON({ type: 'standard', mean: [0], std: [0] })).toThrow(FormatError);
  });
});
