import { describe, expect, it } from 'vitest';
import { Table } from '../table/table';
import {
  encodeInputTable,
  inputColumns,
  inputPreprocessingFromJSON,
  type InputPreprocessing,
} from './input-preprocessing';
import { TabularPreprocessor } from './tabular-preprocessor';

const train = new Table([
  { kind: 'categorical', name: 'site', values: ['north', 'south', 'north'] },
  { kind: 'numeric', name: 'temp', values: Float64Array.from([10, 20, 30]) },
  { kind: 'categorical', name: 'id', values: ['a', 'b', 'c'] },
]);

describe('input preprocessing from a model’s a3.json', () => {
  it('rebuilds a fitted tabular preprocessor from its JSON and encodes like it', () => {
    const fitted = TabularPreprocessor.fit(train, { drop: ['id'] });
    const pre = inputPreprocessingFromJSON(JSON.parse(JSON.stringify(fitted.toJSON())), 'm');
    expect(inputColumns(pre, [3])).toEqual([
      { name: 'site', kind: 'categorical' },
      { name: 'temp', kind: 'numeric' },
    ]);
    const rows = new Table([
      { kind: 'categorical', name: 'site', values: ['south', 'east'] },
      { kind: 'numeric', name: 'temp', values: Float64Array.from([25, 10]) },
    ]);
    // site=north, site=south one-hot (unseen "east" → zeros), temp min-max over [10, 30].
    expect(Array.from(encodeInputTable(pre, rows, [3]).data)).toEqual([0, 1, 0.75, 0, 0, 0]);
  });

  it('scales pixels by divideBy and names one column per pixel', () => {
    const pre: InputPreprocessing = inputPreprocessingFromJSON({ type: 'pixels', divideBy: 255 }, 'm');
    expect(inputColumns(pre, [2, 1]).map((c) => c.name)).toEqual(['pixel0', 'pixel1']);
    const t = new Table([
      { kind: 'numeric', name: 'pixel0', values: Float64Array.from([255, 51]) },
      { kind: 'numeric', name: 'pixel1', values: Float64Array.from([0, 102]) },
    ]);
    const x = encodeInputTable(pre, t, [2, 1]);
    expect(x.shape).toEqual([2, 2, 1]);
    expect(Array.from(x.data)).toEqual([1, 0, 0.2, 0.4].map((v) => Math.fround(v)));
  });

  it('names the model directory when the slot holds nothing it knows', () => {
    expect(() => inputPreprocessingFromJSON(null, '/models/x')).toThrow(
      /model at \/models\/x stores no preprocessing/,
    );
    expect(() => inputPreprocessingFromJSON({ type: 'tabular', version: 1 }, '/models/y')).toThrow(
      /model at \/models\/y has corrupt preprocessing/,
    );
  });
});
