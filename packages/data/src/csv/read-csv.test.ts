import { createWriteStream } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, IOError } from '@a3/core';
import { TempDir } from '../testing/temp-files';
import { readCsv } from './read-csv';
import { streamCsv } from './stream-csv';

const tmp = new TempDir();
afterAll(() => tmp.remove());

describe('readCsv', () => {
  it('reads numeric and detected categorical columns', async () => {
    const f = tmp.write('mixed.csv', '\ufeffid, proto ,bytes\n1,tcp,10.5\n2,"udp",1e3\n3,icmp,-2\n');
    const t = await readCsv(f);
    expect(t.columnNames).toEqual(['id', 'proto', 'bytes']);
    expect(t.rowCount).toBe(3);
    expect(t.column('proto')).toMatchObject({ kind: 'categorical', values: ['tcp', 'udp', 'icmp'] });
    expect(Array.from(t.numeric('bytes'))).toEqual([10.5, 1000, -2]);
  });

  it('honours declared categorical columns, dropped columns, delimiter and header options', async () => {
    const f = tmp.write('semi.csv', 'a;b;c\n1;2;x\n3;4;y\n');
    const t = await readCsv(f, { delimiter: ';', categorical: ['a'], drop: ['c'] });
    expect(t.columnNames).toEqual(['a', 'b']);
    expect(t.column('a')).toMatchObject({ kind: 'categorical', values: ['1', '3'] });
    const g = tmp.write('noheader.csv', '1,2\n3,4\n');
    expect((await readCsv(g, { header: false })).columnNames).toEqual(['column1', 'column2']);
    const named = await readCsv(g, { header: ['x', 'y'] });
    expect(Array.from(named.numeric('y'))).toEqual([2, 4]);
    await expect(readCsv(g, { drop: ['nope'] })).rejects.toThrow(/"nope" that the file does not have/);
  });

  it('names file, line and column for a non-number in a numeric column', async () => {
    const rows = ['x,y', ...Array.from({ length: 20 }, (_, i) => `${i},${i}`), '5,oops'];
    const f = tmp.write('bad.csv', rows.join('\n'));
    const err = await readCsv(f, { inferRows: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('A3_DATA');
    expect((err as Error).message).toMatch(
      /bad\.csv: line 22, column "y" \(#2\): value is not a number \("oops"\)/,
    );
    await expect(readCsv(f, { numeric: ['y'] })).rejects.toThrow(/line 22.*declared numeric/);
  });

  it('rejects NaN/Inf/empty unless a policy is chosen', async () => {
    const f = tmp.write('nan.csv', 'a,b\n1,2\n2,NaN\n3,Infinity\n4,\n5,6\n');
    await expect(readCsv(f, { numeric: ['b'] })).rejects.toThrow(
      /line 3, column "b".*missing value \("NaN"\)/,
    );
    const dropped = await readCsv(f, { numeric: ['b'], onInvalid: 'drop-row' });
    expect(Array.from(dropped.numeric('a'))).toEqual([1, 5]);
    const imputed = await readCsv(f, { numeric: ['b'], onInvalid: 'impute-mean' });
    expect(Array.from(imputed.numeric('b'))).toEqual([2, 4, 4, 4, 6]);
    const inf = tmp.write('inf.csv', 'a\n1\n-inf\n');
    await expect(readCsv(inf)).rejects.toThrow(/line 3, column "a".*not finite \("-inf"\)/);
  });

  it('fails on ragged rows with the line, or drops them', async () => {
    const f = tmp.write('ragged.csv', 'a,b\n1,2\n3\n4,5\n');
    await expect(readCsv(f)).rejects.toThrow(/ragged\.csv: line 3 has 1 fields but the header has 2/);
    expect(Array.from((await readCsv(f, { onInvalid: 'drop-row' })).numeric('a'))).toEqual([1, 4]);
    await expect(readCsv(f, { onInvalid: 'impute-mean' })).rejects.toThrow(/line 3 has 1 fields/);
  });

  it('skips repeated header rows, honours maxRows, and fails clearly on a missing file', async () => {
    const f = tmp.write('rep.csv', 'a,b\n1,2\na,b\n3,4\n5,6\n');
    expect(Array.from((await readCsv(f)).numeric('a'))).toEqual([1, 3, 5]);
    expect((await readCsv(f, { maxRows: 2 })).rowCount).toBe(2);
    const err = await readCsv(tmp.file('missing.csv')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IOError);
    expect((err as Error).message).toMatch(/File not found: .*missing\.csv/);
    await expect(readCsv(tmp.write('empty.csv', ''))).rejects.toThrow(/empty\.csv is empty/);
  });

  it('gives a header-only file zero rows with its columns', async () => {
    const t = await readCsv(tmp.write('head.csv', 'a,b\n'));
    expect(t.columnNames).toEqual(['a', 'b']);
    expect(t.rowCount).toBe(0);
  });
});

describe('streamCsv', () => {
  it('yields chunks of the requested size with running startRow and source lines', async () => {
    const f = tmp.write('chunks.csv', ['v', ...Array.from({ length: 25 }, (_, i) => String(i))].join('\n'));
    const chunks = [];
    for await (const c of streamCsv(f, { chunkSize: 10, inferRows: 3 })) chunks.push(c);
    expect(chunks.map((c) => [c.startRow, c.table.rowCount])).toEqual([
      [0, 10],
      [10, 10],
      [20, 5],
    ]);
    expect(chunks[1].lines[0]).toBe(12);
    expect(chunks[2].table.numeric('v')[4]).toBe(24);
  });

  it('imputes with given values (training means) instead of chunk means', async () => {
    const f = tmp.write('imp.csv', 'a\n1\nNA\n3\n');
    const [c] = await collect(streamCsv(f, { onInvalid: 'impute-mean', imputeWith: { a: 100 } }));
    expect(Array.from(c.table.numeric('a'))).toEqual([1, 100, 3]);
  });

  it('streams a 1,000,000-row file in bounded memory', async () => {
    const f = tmp.file('big.csv');
    await writeBig(f, 1_000_000);
    const gc = exposeGc();
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    let rows = 0;
    let sum = 0;
    for await (const c of streamCsv(f, { chunkSize: 50_000, categorical: ['k'] })) {
      rows += c.table.rowCount;
      const v = c.table.numeric('x');
      for (let i = 0; i < v.length; i++) sum += v[i];
      if (c.startRow % 200_000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - before);
      }
    }
    expect(rows).toBe(1_000_000);
    expect(sum).toBe((999_999 * 1_000_000) / 2);
    // Live heap after GC: a chunk or two. Holding the ~30 MB file as parsed rows would take hundreds of MB.
    expect(peak).toBeLessThan(40 * 1024 * 1024);
  });
});

/** A real collection makes the heap measurement mean "retained", not "garbage not yet collected". */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function writeBig(file: string, n: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('x,y,k,z\n');
  const block: string[] = [];
  for (let i = 0; i < n; i++) {
    block.push(`${i},${(i % 97) / 7},k${i % 5},"q${i % 3}"`);
    if (block.length === 10_000) {
      if (!out.write(block.join('\n') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
      block.length = 0;
    }
  }
  out.write(block.join('\n'));
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}
