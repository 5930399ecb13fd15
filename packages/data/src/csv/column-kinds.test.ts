import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '@a3/core';
import { loadCsvDataset } from '../recipes/csv/csv-recipe';
import { TempDir } from '../testing/temp-files';
import { readCsv } from './read-csv';

const tmp = new TempDir();
afterAll(() => tmp.remove());

/** 400 rows of 5 numeric features and a label; `stray` replaces one cell of column b. */
function sensors(stray?: { row: number; value: string }): string {
  const rows = ['a,b,c,d,e,label'];
  for (let i = 0; i < 400; i++) {
    const b = stray && stray.row === i ? stray.value : String((i * 37) % 101);
    rows.push(`${i},${b},${(i % 7) / 2},${i * 3},${-i},${i % 10 === 0 ? 'attack' : 'normal'}`);
  }
  return rows.join('\n') + '\n';
}

describe('column kinds: a stray value never re-types a numeric column', () => {
  it('fails on one non-number in a numeric column with file, line and column (regression: 5 features became 424)', async () => {
    const f = tmp.write('stray.csv', sensors({ row: 57, value: 'abc' }));
    const err = await readCsv(f).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    // Line 59: the header is line 1 and row 57 is the 58th data row.
    expect((err as Error).message).toMatch(
      /stray\.csv: line 59, column "b" \(#2\): value is not a number \("abc"\)/,
    );
    expect((err as Error).message).toMatch(/399 of 400 values .* are numbers/);
    await expect(
      loadCsvDataset({ path: f, labelColumn: 'label', seed: 1, testFraction: 0.3 }),
    ).rejects.toThrow(/line 59, column "b"/);
  });

  it('leaves the stray cell to onInvalid: the column stays numeric, the features stay 5', async () => {
    const f = tmp.write('stray-policy.csv', sensors({ row: 57, value: 'abc' }));
    const dropped = await readCsv(f, { onInvalid: 'drop-row' });
    expect(dropped.column('b').kind).toBe('numeric');
    expect(dropped.rowCount).toBe(399);
    const d = await loadCsvDataset({
      path: f,
      labelColumn: 'label',
      onInvalid: 'impute-mean',
      seed: 1,
      testFraction: 0.3,
    });
    expect(d.featureNames).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('reads a column as categorical only when it is declared or has no number among its non-missing sample values', async () => {
    const f = tmp.write('kinds.csv', 'proto,port,mixed\ntcp,80,1\nudp,NA,x\n,443,2\nicmp,8080,3\n');
    const t = await readCsv(f, { onInvalid: 'impute-mean' });
    expect(t.column('proto').kind).toBe('categorical');
    expect(t.column('port').kind).toBe('numeric');
    // Mostly numbers with one text value: numeric, the text is an invalid value (imputed here).
    expect(t.column('mixed').kind).toBe('numeric');
    expect(Array.from(t.numeric('mixed'))).toEqual([1, 2, 2, 3]);
    const empty = await readCsv(tmp.write('empty.csv', 'a,empty\n1,\n2,NA\n'), { onInvalid: 'drop-row' });
    expect(empty.column('empty').kind).toBe('numeric');
    const declared = await readCsv(f, { categorical: ['mixed', 'port'], onInvalid: 'impute-mean' });
    expect(declared.categorical('mixed')).toEqual(['1', 'x', '2', '3']);
    expect(declared.categorical('port')).toEqual(['80', 'NA', '443', '8080']);
  });

  it('says how to declare a mostly-text column that holds a few numbers', async () => {
    const f = tmp.write('text-with-numbers.csv', 'service,v\nhttp,1\nftp,2\n21,3\nssh,4\n');
    await expect(readCsv(f)).rejects.toThrow(
      /line 2, column "service" \(#1\): value is not a number \("http"\).*1 of 4 values .* are numbers.*categorical: \["service"\]/,
    );
  });
});
