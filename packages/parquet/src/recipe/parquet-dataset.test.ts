import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCsvDataset, streamCsv } from '@a3/data';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { streamParquet } from '../read/stream-parquet';
import { loadParquetDataset } from './parquet-dataset';

const dir = mkdtempSync(join(tmpdir(), 'a3-parquet-recipe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 400 labelled rows as CSV and as Parquet (id, site, temp, load, label). */
function write(): { csv: string; parquet: string } {
  const n = 400;
  const id = Array.from({ length: n }, (_, i) => `s${i}`);
  const site = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'north' : 'south'));
  const temp = Float64Array.from({ length: n }, (_, i) => 20 + ((i * 13) % 17) / 4);
  const load = Int32Array.from({ length: n }, (_, i) => (i * 7) % 50);
  const label = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 'spike' : 'normal'));
  const parquet = join(dir, 'sensors.parquet');
  parquetWriteFile({
    filename: parquet,
    rowGroupSize: 150,
    columnData: [
      { name: 'id', data: id, type: 'STRING' },
      { name: 'site', data: site, type: 'STRING' },
      { name: 'temp', data: temp, type: 'DOUBLE' },
      { name: 'load', data: load, type: 'INT32' },
      { name: 'label', data: label, type: 'STRING' },
    ],
  });
  const csv = join(dir, 'sensors.csv');
  const lines = ['id,site,temp,load,label'];
  for (let i = 0; i < n; i++) lines.push([id[i], site[i], temp[i], load[i], label[i]].join(','));
  writeFileSync(csv, lines.join('\n') + '\n');
  return { csv, parquet };
}

describe('loadParquetDataset', () => {
  it('gives the csv recipe’s split, preprocessing and features for the same rows', async () => {
    const { csv, parquet } = write();
    const opts = { labelColumn: 'label', drop: ['id'], seed: 3, testFraction: 0.25 };
    const want = await loadCsvDataset({ ...opts, path: csv });
    const got = await loadParquetDataset({ ...opts, path: parquet });
    expect(got.featureNames).toEqual(want.featureNames);
    expect(got.preprocessor?.toJSON()).toEqual(want.preprocessor?.toJSON());
    expect(got.train.labels).toEqual(want.train.labels);
    expect(got.test.labels).toEqual(want.test.labels);
    expect(Array.from(got.train.x.data)).toEqual(Array.from(want.train.x.data));
    expect(Array.from(got.test.x.data)).toEqual(Array.from(want.test.x.data));
    await expect(loadParquetDataset({ path: parquet })).rejects.toThrow(
      /labelColumn: one of id, site, temp, load, label/,
    );
  });

  it('streams features with a fitted preprocessor equal to streamCsv’s, reading only its columns', async () => {
    const { csv, parquet } = write();
    const pre = (await loadCsvDataset({ labelColumn: 'label', drop: ['id'], path: csv })).preprocessor!;
    const want: number[] = [];
    for await (const c of streamCsv(csv, { preprocessor: pre, chunkSize: 64 })) want.push(...c.rows.data);
    const got: number[] = [];
    for await (const c of streamParquet(parquet, { preprocessor: pre, chunkSize: 64, columns: ['id'] })) {
      expect(c.table.columnNames).toEqual(['site', 'temp', 'load', 'id']);
      got.push(...c.rows.data);
    }
    expect(got).toEqual(want);
  });
});
