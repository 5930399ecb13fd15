import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError } from '@a3/core';
import { readCsv, type Table } from '@a3/data';
import { parquetWriteFile, type ColumnSource } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { ParquetFile } from '../file/parquet-file';
import { planRead } from './options';
import { parquetChunks } from './parquet-chunks';
import { readParquet, readParquetWithStats } from './read-parquet';
import { streamParquet } from './stream-parquet';

const dir = mkdtempSync(join(tmpdir(), 'a3-parquet-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** The same rows as CSV text and as a Parquet file (written by hyparquet-writer, not by us). */
function sensors(n: number, rowGroupSize: number): { csv: string; parquet: string } {
  const site = Array.from({ length: n }, (_, i) => ['north', 'south', 'east'][(i * 7) % 3]);
  const temp = Float64Array.from({ length: n }, (_, i) => Math.round(Math.sin(i) * 1e6) / 1e3);
  const count = Int32Array.from({ length: n }, (_, i) => (i * 37) % 101);
  const big = BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 1_000_003n);
  const code = Int32Array.from({ length: n }, (_, i) => (i % 4) * 10);
  const label = Array.from({ length: n }, (_, i) => (i % 9 === 0 ? 'spike' : 'normal'));
  const columns: ColumnSource[] = [
    { name: 'site', data: site, type: 'STRING' },
    { name: 'temp', data: temp, type: 'DOUBLE' },
    { name: 'count', data: count, type: 'INT32' },
    { name: 'big', data: big, type: 'INT64' },
    { name: 'code', data: code, type: 'INT32' },
    { name: 'label', data: label, type: 'STRING' },
  ];
  const name = `sensors-${n}-${rowGroupSize}`;
  const parquet = join(dir, `${name}.parquet`);
  parquetWriteFile({ filename: parquet, columnData: columns, rowGroupSize });
  const lines = ['site,temp,count,big,code,label'];
  for (let i = 0; i < n; i++) lines.push([site[i], temp[i], count[i], big[i], code[i], label[i]].join(','));
  const csv = join(dir, `${name}.csv`);
  writeFileSync(csv, lines.join('\n') + '\n');
  return { csv, parquet };
}

function expectSameTable(got: Table, want: Table): void {
  expect(got.columnNames).toEqual(want.columnNames);
  for (const c of want.columns) {
    const g = got.column(c.name);
    expect(g.kind, c.name).toBe(c.kind);
    expect(Array.from(g.values as ArrayLike<unknown>), c.name).toEqual(
      Array.from(c.values as ArrayLike<unknown>),
    );
  }
}

describe('readParquet', () => {
  it('reads the same table the CSV reader reads from the same rows', async () => {
    const { csv, parquet } = sensors(500, 128);
    const opts = { categorical: ['code'] };
    const want = await readCsv(csv, opts);
    expectSameTable(await readParquet(parquet, opts), want);
    expect(want.column('code').values.slice(0, 3)).toEqual(['0', '10', '20']);
  });

  it('reads a file pyarrow wrote (SNAPPY, dictionaries, page index, int64/int32/float32/bool) like its CSV', async () => {
    const pq = fixture('pyarrow-types.parquet');
    const want = await readCsv(fixture('pyarrow-types.csv'));
    const got = await readParquet(pq);
    expectSameTable(got, want);
    expect(got.column('flag').kind).toBe('categorical');
    expect(got.rowCount).toBe(200);
  });

  it('treats nulls like empty CSV cells under each invalid-value policy', async () => {
    const pq = fixture('pyarrow-nulls.parquet');
    const csv = join(dir, 'nulls.csv');
    writeFileSync(csv, 'a,b,c\n1.5,10,x\n,20,y\n3,,\n4,40,x\n,50,y\n6,60,x\n');
    await expect(readParquet(pq)).rejects.toThrow(/row 2, column "a": value is missing \(null\) or NaN/);
    await expect(readParquet(pq)).rejects.toBeInstanceOf(DataError);
    for (const onInvalid of ['drop-row', 'impute-mean'] as const) {
      const got = await readParquetWithStats(pq, { onInvalid });
      const want = await readCsv(csv, { onInvalid });
      expectSameTable(got.table, want);
    }
    expect((await readParquetWithStats(pq, { onInvalid: 'drop-row' })).dropped).toBe(3);
  });

  it('reads only the named columns, skips dropped ones, and stops at maxRows', async () => {
    const { parquet } = sensors(300, 100);
    const t = await readParquet(parquet, { columns: ['label', 'temp'], maxRows: 150 });
    expect(t.columnNames).toEqual(['label', 'temp']);
    expect(t.rowCount).toBe(150);
    expect((await readParquet(parquet, { drop: ['site', 'big'] })).columnNames).toEqual([
      'temp',
      'count',
      'code',
      'label',
    ]);
  });
});

describe('streamParquet', () => {
  it('streams several row groups in chunks of exactly chunkSize rows, in order, every row once', async () => {
    const { csv, parquet } = sensors(2_345, 500);
    const chunks = [];
    for await (const c of streamParquet(parquet, { chunkSize: 300 })) chunks.push(c);
    expect(chunks.map((c) => c.table.rowCount)).toEqual([...Array(7).fill(300), 245]);
    expect(chunks.map((c) => c.startRow)).toEqual(chunks.map((_, i) => i * 300));
    const lines = chunks.flatMap((c) => Array.from(c.lines));
    expect(lines).toEqual(Array.from({ length: 2_345 }, (_, i) => i + 1));
    const { Table } = await import('@a3/data');
    expectSameTable(Table.concat(chunks.map((c) => c.table)), await readCsv(csv));
  });

  it('cuts a row group bigger than its read window into windows, holding at most a window', async () => {
    const { csv, parquet } = sensors(3_000, 3_000); // one row group
    const pq = await ParquetFile.open(parquet);
    try {
      const plan = planRead(pq.info, { chunkSize: 256 });
      const sizes: number[] = [];
      const tables = [];
      // 6 columns and 1 800 values per window → windows of 300 rows inside the one group.
      for await (const c of parquetChunks(pq, plan, 1_800)) {
        sizes.push(c.table.rowCount);
        tables.push(c.table);
      }
      expect(Math.max(...sizes)).toBe(256);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(3_000);
      const { Table } = await import('@a3/data');
      expectSameTable(Table.concat(tables), await readCsv(csv));
    } finally {
      await pq.close();
    }
  });

  it('yields one empty chunk for a file with no rows, like the CSV reader', async () => {
    const empty = join(dir, 'empty.parquet');
    parquetWriteFile({
      filename: empty,
      columnData: [{ name: 'x', data: new Float64Array(0), type: 'DOUBLE' }],
    });
    const chunks = [];
    for await (const c of streamParquet(empty)) chunks.push(c);
    expect(chunks).toHaveLength(1);
    expect(chunks[0].table.rowCount).toBe(0);
    expect(chunks[0].table.columnNames).toEqual(['x']);
  });
});
