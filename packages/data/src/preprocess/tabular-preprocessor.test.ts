import { describe, expect, it } from 'vitest';
import { DataError, FormatError } from '@a3/core';
import { Table } from '../table/table';
import { DropColumns } from './drop-columns';
import { OneHot } from './one-hot';
import { TabularPreprocessor } from './tabular-preprocessor';

function table(rows: [string, number, string, number][]): Table {
  return new Table([
    { kind: 'categorical', name: 'proto', values: rows.map((r) => r[0]) },
    { kind: 'numeric', name: 'bytes', values: Float64Array.from(rows.map((r) => r[1])) },
    { kind: 'categorical', name: 'id', values: rows.map((r) => r[2]) },
    { kind: 'numeric', name: 'port', values: Float64Array.from(rows.map((r) => r[3])) },
  ]);
}

const train = table([
  ['tcp', 0, 'a', 80],
  ['udp', 50, 'b', 53],
  ['tcp', 100, 'c', 80],
]);

describe('OneHot', () => {
  it('uses sorted training categories, or given / declared vocabularies', () => {
    expect(OneHot.fit(train, ['proto']).featureNames).toEqual(['proto=tcp', 'proto=udp']);
    const fixed = OneHot.fit(train, ['proto'], { categories: { proto: ['udp', 'tcp', 'icmp'] } });
    expect(fixed.featureNames).toEqual(['proto=udp', 'proto=tcp', 'proto=icmp']);
    expect(fixed.transform(train).toArray()).toEqual([0, 1, 0, 1, 0, 0, 0, 1, 0]);
  });

  it('encodes unseen categories as zeros, or fails when asked to', () => {
    const test = table([['icmp', 1, 'z', 1]]);
    expect(OneHot.fit(train, ['proto']).transform(test).toArray()).toEqual([0, 0]);
    const strict = OneHot.fit(train, ['proto'], { unknown: 'error' });
    expect(() => strict.transform(test)).toThrow(DataError);
    expect(() => strict.transform(test)).toThrow(
      /Row 0, column "proto": category "icmp" was not seen in training \(known: "tcp", "udp"\)/,
    );
  });
});

describe('TabularPreprocessor', () => {
  const pre = TabularPreprocessor.fit(train, { drop: ['id'], categorical: ['port'] });

  it('drops, one-hots categorical (and declared numeric-code) columns in place, min-max scales', () => {
    expect(pre.featureNames).toEqual(['proto=tcp', 'proto=udp', 'bytes', 'port=53', 'port=80']);
    const x = pre.transform(train);
    expect(x.shape).toEqual([3, 5]);
    expect(x.toArray()).toEqual([1, 0, 0, 0, 1, 0, 1, 0.5, 1, 0, 1, 0, 1, 0, 1]);
    expect(pre.categoricalColumns).toEqual(['proto', 'port']);
    expect(pre.means.get('bytes')).toBe(50);
  });

  it('round-trips through JSON (as stored in a3.json) to identical features', () => {
    const json = JSON.parse(JSON.stringify(pre.toJSON())) as unknown;
    const back = TabularPreprocessor.fromJSON(json);
    const test = table([
      ['udp', 200, 'q', 443],
      ['tcp', 25, 'r', 80],
    ]);
    expect(back.transform(test).toArray()).toEqual(pre.transform(test).toArray());
    expect(back.featureNames).toEqual(pre.featureNames);
  });

  it('supports standard scaling and no scaling', () => {
    const std = TabularPreprocessor.fit(train, { drop: ['id'], scaler: 'standard' });
    const col = std
      .transform(train)
      .toArray()
      .filter((_, i) => i % 4 === 2);
    expect(col[1]).toBeCloseTo(0, 6);
    const raw = TabularPreprocessor.fit(train, { drop: ['id'], scaler: 'none' });
    expect(raw.transform(train).toArray().slice(0, 4)).toEqual([1, 0, 0, 80]);
  });

  it('reports missing columns, NaN values and malformed JSON clearly', () => {
    expect(() => pre.transform(train.drop(['bytes']))).toThrow(/lacks column\(s\) "bytes"/);
    const withNaN = train.with({ kind: 'numeric', name: 'bytes', values: Float64Array.from([1, NaN, 2]) });
    expect(() => pre.transform(withNaN)).toThrow(/Row 1, column "bytes" is NaN/);
    expect(() => TabularPreprocessor.fit(train, { drop: ['nope'] })).toThrow(/drop names "nope"/);
    const json = pre.toJSON();
    expect(() => TabularPreprocessor.fromJSON({ ...json, version: 2 })).toThrow(/version 2 is not supported/);
    expect(() => TabularPreprocessor.fromJSON({ ...json, featureNames: ['a'] })).toThrow(FormatError);
    expect(() =>
      TabularPreprocessor.fromJSON({ ...json, oneHot: { ...json.oneHot, unknown: 'skip' } }),
    ).toThrow(/preprocessor\.oneHot\.unknown must be one of zeros, error/);
  });

  it('DropColumns ignores absent columns at transform time', () => {
    const d = new DropColumns(['id', 'gone']);
    expect(d.apply(train).columnNames).toEqual(['proto', 'bytes', 'port']);
    expect(DropColumns.fromJSON(d.toJSON()).columns).toEqual(['id', 'gone']);
  });
});
