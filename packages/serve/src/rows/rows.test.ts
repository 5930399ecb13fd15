import { describe, expect, it } from 'vitest';
import { encodeInputTable, Table, TabularPreprocessor, type InputPreprocessing } from '@a3/data';
import { RequestError } from '../http/request-error';
import { csvToTable } from './csv-rows';
import { jsonRowsToTable } from './json-rows';
import { rowSchemaFor } from './row-schema';

// Training table as `a3 train` sees a CSV: an id and a label column dropped, one categorical input.
const train = new Table([
  { kind: 'categorical', name: 'id', values: ['a', 'b', 'c', 'd'] },
  { kind: 'categorical', name: 'site', values: ['north', 'south', 'north', 'west'] },
  { kind: 'numeric', name: 'temp', values: Float64Array.from([10, 20, 30, 40]) },
  { kind: 'numeric', name: 'pressure', values: Float64Array.from([1, 2, 3, 5]) },
  { kind: 'categorical', name: 'label', values: ['normal', 'normal', 'spike', 'normal'] },
]);
const pre: InputPreprocessing = {
  kind: 'tabular',
  preprocessor: TabularPreprocessor.fit(train, { drop: ['id', 'label'] }),
};
const schema = rowSchemaFor(pre, [5]);

/** Features by hand: site one-hot (north, south, west; unseen → zeros), temp and pressure min-max. */
function expected(site: string, temp: number, pressure: number): number[] {
  const oneHot = ['north', 'south', 'west'].map((s) => (s === site ? 1 : 0));
  return [...oneHot, (temp - 10) / 30, (pressure - 1) / 4].map((v) => Math.fround(v));
}

function encode(table: Table): number[][] {
  const x = encodeInputTable(pre, table, [5]).data;
  return Array.from({ length: table.rowCount }, (_, i) => Array.from(x.subarray(i * 5, i * 5 + 5)));
}

function refusal(fn: () => unknown): {
  reason: string;
  status: number;
  field?: string;
  line?: number;
  message: string;
} {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof RequestError)) throw err;
    return { reason: err.reason, status: err.status, field: err.field, line: err.line, message: err.message };
  }
  throw new Error('expected a RequestError');
}

describe('JSON rows', () => {
  it('reads objects by name (ignoring training-dropped columns) and arrays in training order alike', () => {
    const table = jsonRowsToTable(
      [
        { site: 'south', temp: 25, pressure: 3, id: 'x1', label: 'whatever' },
        [' west ', '40', 5],
        { pressure: 1, temp: 10, site: 'east' },
      ],
      schema,
    );
    expect(encode(table)).toEqual([
      expected('south', 25, 3),
      expected('west', 40, 5),
      expected('east', 10, 1),
    ]);
  });

  it('names the field of every value it cannot use', () => {
    expect(
      refusal(() => jsonRowsToTable([{ site: 'north', temp: 1, pressure: 1, tmp: 2 }], schema)),
    ).toMatchObject({
      reason: 'unknown_feature',
      status: 400,
      field: 'rows[0].tmp',
    });
    expect(refusal(() => jsonRowsToTable([[], { site: 'north', temp: 1 }], schema))).toMatchObject({
      reason: 'wrong_width',
      field: 'rows[0]',
    });
    expect(refusal(() => jsonRowsToTable([{ site: 'north', temp: 1 }], schema))).toMatchObject({
      reason: 'missing_feature',
      field: 'rows[0].pressure',
    });
    expect(
      refusal(() => jsonRowsToTable([['north', 1, 2], { site: 'north', temp: 'hot', pressure: 1 }], schema)),
    ).toMatchObject({
      reason: 'non_numeric_value',
      field: 'rows[1].temp',
    });
    expect(refusal(() => jsonRowsToTable([['north', null, 2]], schema))).toMatchObject({
      reason: 'non_numeric_value',
      field: 'rows[0][1] (temp)',
    });
    expect(refusal(() => jsonRowsToTable([[true, 1, 2]], schema))).toMatchObject({
      reason: 'invalid_category',
      field: 'rows[0][0] (site)',
    });
    // A feature named like an Object.prototype member is still missing when absent.
    const s2 = rowSchemaFor(
      {
        kind: 'tabular',
        preprocessor: TabularPreprocessor.fit(
          new Table([{ kind: 'numeric', name: 'constructor', values: Float64Array.from([1, 2]) }]),
        ),
      },
      [1],
    );
    expect(refusal(() => jsonRowsToTable([{}], s2))).toMatchObject({
      reason: 'missing_feature',
      field: 'rows[0].constructor',
    });
  });

  it('quotes at most a few dozen characters of client input in messages', () => {
    const long = 'x'.repeat(5000);
    const e = refusal(() => jsonRowsToTable([{ site: 'north', temp: long, pressure: 1 }], schema));
    expect(e.message.length).toBeLessThan(200);
  });
});

describe('CSV bodies', () => {
  it('reads as a3 score reads a file: by header name, quoted fields, trimmed categories, repeated headers skipped', () => {
    const csv =
      '\ufeffid,label,pressure,site,temp\r\n' +
      'x1,normal,3,"south",25\r\n' +
      'id,label,pressure,site,temp\r\n' +
      'x2,"spike, big",5, west ,40\n';
    expect(encode(csvToTable(csv, schema, 100))).toEqual([expected('south', 25, 3), expected('west', 40, 5)]);
  });

  it('refuses unknown, missing and duplicate columns, ragged rows and non-numbers, naming the line', () => {
    expect(refusal(() => csvToTable('site,temp,pressure,extra\nnorth,1,2,3\n', schema, 100))).toMatchObject({
      reason: 'unknown_feature',
      field: 'extra',
    });
    expect(refusal(() => csvToTable('site,temp\nnorth,1\n', schema, 100))).toMatchObject({
      reason: 'missing_feature',
      field: 'pressure',
    });
    expect(refusal(() => csvToTable('site,temp,temp,pressure\n', schema, 100))).toMatchObject({
      reason: 'duplicate_feature',
    });
    expect(refusal(() => csvToTable('site,temp,pressure\nnorth,1,2\nsouth,1\n', schema, 100))).toMatchObject({
      reason: 'wrong_width',
      line: 3,
    });
    expect(
      refusal(() => csvToTable('site,temp,pressure\nnorth,1,2\nsouth,NA,2\n', schema, 100)),
    ).toMatchObject({
      reason: 'non_numeric_value',
      field: 'temp',
      line: 3,
    });
    expect(refusal(() => csvToTable('', schema, 100))).toMatchObject({ reason: 'bad_csv' });
    expect(refusal(() => csvToTable('site,temp,pressure\n"north,1,2\n', schema, 100))).toMatchObject({
      reason: 'bad_csv',
    });
  });

  it('stops at the row limit with 413', () => {
    const csv = 'site,temp,pressure\n' + 'north,1,2\n'.repeat(4);
    expect(csvToTable(csv, schema, 4).rowCount).toBe(4);
    expect(refusal(() => csvToTable(csv, schema, 3))).toMatchObject({ reason: 'too_many_rows', status: 413 });
  });

  it('takes image columns by position, as a3 score does', () => {
    const pixels = rowSchemaFor({ kind: 'pixels', divideBy: 255 }, [2]);
    const t = csvToTable('a,b,label\n255,51,7\n', pixels, 10);
    expect(Array.from(encodeInputTable({ kind: 'pixels', divideBy: 255 }, t, [2]).data)).toEqual([
      1,
      Math.fround(0.2),
    ]);
    expect(refusal(() => csvToTable('a\n1\n', pixels, 10))).toMatchObject({ reason: 'wrong_width' });
  });
});

describe('unseen categories', () => {
  it('are all zeros by default and a 400 naming the field when the encoder refuses them', () => {
    const strict = rowSchemaFor(
      {
        kind: 'tabular',
        preprocessor: TabularPreprocessor.fit(train, { drop: ['id', 'label'], unknownCategory: 'error' }),
      },
      [5],
    );
    expect(refusal(() => jsonRowsToTable([['east', 1, 2]], strict))).toMatchObject({
      reason: 'unknown_category',
      field: 'rows[0][0] (site)',
    });
    expect(jsonRowsToTable([['east', 1, 2]], schema).rowCount).toBe(1);
  });
});
