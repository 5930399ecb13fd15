import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, FormatError } from '@a3/core';
import { sharedData } from '../testing/shared-data';
import { TempDir } from '../testing/temp-files';
import { readArff } from './read-arff';

const tmp = new TempDir();
afterAll(() => tmp.remove());

const sample = `% a comment
@RELATION 'weather test'

@attribute outlook {sunny, overcast, 'rainy day'}
@attribute "temp C" real
@attribute humidity NUMERIC
@attribute note string
@attribute windy{TRUE,FALSE}
% data follows
@data
sunny,85,85,'it\\'s hot',FALSE
overcast, 83 ,86,"a, b",TRUE
'rainy day',70,?,plain,FALSE
`;

describe('readArff', () => {
  it('reads relation, typed attributes, quoted names and values, comments', () => {
    const arff = readArff(tmp.write('weather.arff', sample), { onInvalid: 'impute-mean' });
    expect(arff.relation).toBe('weather test');
    expect(arff.attributes.map((a) => [a.name, a.type.kind])).toEqual([
      ['outlook', 'nominal'],
      ['temp C', 'numeric'],
      ['humidity', 'numeric'],
      ['note', 'string'],
      ['windy', 'nominal'],
    ]);
    const t = arff.table;
    expect(t.column('outlook')).toMatchObject({
      kind: 'categorical',
      values: ['sunny', 'overcast', 'rainy day'],
      categories: ['sunny', 'overcast', 'rainy day'],
    });
    expect(Array.from(t.numeric('temp C'))).toEqual([85, 83, 70]);
    expect(Array.from(t.numeric('humidity'))).toEqual([85, 86, 85.5]);
    expect(t.categorical('note')).toEqual(["it's hot", 'a, b', 'plain']);
  });

  it('fails on missing values by default and on values outside a nominal list', () => {
    const f = tmp.write('w2.arff', sample);
    expect(() => readArff(f)).toThrow(DataError);
    expect(() => readArff(f)).toThrow(
      /w2\.arff: line 13, column "humidity" \(#3\): value is a missing value/,
    );
    expect(readArff(f, { onInvalid: 'drop-row' }).table.rowCount).toBe(2);
    const bad = tmp.write('w3.arff', sample.replace('sunny,85', 'foggy,85'));
    expect(() => readArff(bad, { onInvalid: 'impute-mean' })).toThrow(
      /line 11, column "outlook".*"foggy" is not one of/,
    );
  });

  it('rejects sparse rows, unknown types and non-ARFF files with FormatError', () => {
    const sparse = tmp.write('s.arff', '@relation r\n@attribute a numeric\n@data\n{0 1}\n');
    expect(() => readArff(sparse)).toThrow(/sparse ARFF rows are not supported/);
    const rel = tmp.write('r.arff', '@relation r\n@attribute a relational\n@data\n');
    expect(() => readArff(rel)).toThrow(FormatError);
    expect(() => readArff(tmp.write('x.arff', 'a,b\n1,2\n'))).toThrow(/expected @relation/);
  });
});

const nsl = sharedData('nsl-kdd');
describe.skipIf(!nsl.available)(`readArff on NSL-KDD (${nsl.reason || nsl.path})`, () => {
  it('reads KDDTest-21.arff in place: 11,850 rows, 42 attributes, declared vocabularies', () => {
    const arff = readArff(join(nsl.path, 'KDDTest-21.arff'));
    expect(arff.relation).toBe('KDDTest-21');
    expect(arff.table.rowCount).toBe(11_850);
    expect(arff.attributes).toHaveLength(42);
    const service = arff.attributes.find((a) => a.name === 'service');
    expect(service?.type.kind === 'nominal' && service.type.categories.length).toBe(70);
    const cls = arff.table.categorical('class');
    expect(cls.filter((c) => c === 'normal').length).toBe(2_152);
    expect(cls.filter((c) => c === 'anomaly').length).toBe(9_698);
    expect(arff.table.numeric('src_bytes')[0]).toBe(118);
  });
});
