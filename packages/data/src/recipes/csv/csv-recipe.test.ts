import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '@a3/core';
import { TempDir } from '../../testing/temp-files';
import { loadCsvDataset } from './csv-recipe';

const fixtures = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures');
const file = join(fixtures, 'sensors.csv');

describe('csv recipe', () => {
  it('uses the label column for classes, one-hots text columns, drops what it is told', async () => {
    const d = await loadCsvDataset({
      path: file,
      labelColumn: 'status',
      drop: ['id'],
      seed: 3,
      testFraction: 0.3,
    });
    expect(d.classCounts).toEqual({ fault: 3, ok: 7 });
    expect(d.featureNames).toEqual(['site=north', 'site=north, roof', 'site=south', 'temp', 'pressure']);
    expect(d.train.x.shape[0] + d.test.x.shape[0]).toBe(10);
  });

  it('reads a separate test file and names the label columns to choose from', async () => {
    const d = await loadCsvDataset({ path: file, labelColumn: 'status', testPath: file });
    expect(d.test.x.shape).toEqual([10, 6]);
    await expect(loadCsvDataset({ path: file })).rejects.toThrow(
      /needs options\.labelColumn: one of "id", "site", "temp", "pressure", "status"/,
    );
  });
});

describe('csv recipe warnings', () => {
  const tmp = new TempDir();
  afterAll(() => tmp.remove());

  it('warns when a categorical column looks like an identifier (every value distinct) and suggests dropping it', async () => {
    const rows = ['session,host,bytes,label'];
    for (let i = 0; i < 200; i++)
      rows.push(`s-${1000 + i},h${i % 4},${i * 7},${i % 20 === 0 ? 'bad' : 'ok'}`);
    const f = tmp.write('ids.csv', rows.join('\n'));
    const d = await loadCsvDataset({ path: f, labelColumn: 'label', seed: 1, testFraction: 0.3 });
    const notes = d.notes.filter((n) => /identifier/.test(n));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(
      /column "session" looks like an identifier: 140 distinct values in 140 training rows become 140 one-hot features; drop it \(drop: \["session"\], a3 --drop session\)/,
    );
    const dropped = await loadCsvDataset({
      path: f,
      labelColumn: 'label',
      drop: ['session'],
      seed: 1,
      testFraction: 0.3,
    });
    expect(dropped.notes.filter((n) => /identifier/.test(n))).toEqual([]);
  });

  it('refuses a label column that names no classes (a numeric or id column: every row its own "class")', async () => {
    const rows = ['a,b,c'];
    for (let i = 0; i < 5000; i++) rows.push(`${i % 7},${i * 1.5},${i}`);
    const f = tmp.write('numeric-label.csv', rows.join('\n'));
    const err = await loadCsvDataset({ path: f, labelColumn: 'b' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(
      /label column "b" has 5,000 distinct values in 5,000 rows \("0", "1\.5", "3", .*, … and 4,990 more\): it looks like a feature or an id, not class names/,
    );
    expect((err as Error).message.length).toBeLessThan(500);
    const ok = await loadCsvDataset({ path: f, labelColumn: 'a', drop: ['c'] });
    expect(Object.keys(ok.classCounts)).toHaveLength(7);
  });
});
