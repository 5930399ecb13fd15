import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DataError, FormatError, IOError, UnsupportedError } from '@a3/core';
import { readCsv, TabularPreprocessor } from '@a3/data';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectParquet } from '../file/parquet-file';
import { readParquet } from './read-parquet';
import { checkParquetInputs, streamParquet } from './stream-parquet';

const dir = mkdtempSync(join(tmpdir(), 'a3-parquet-err-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** A preprocessor fitted on rows with a categorical "site" and numeric "temp" / "load". */
async function fitted(): Promise<TabularPreprocessor> {
  const csv = join(dir, 'train.csv');
  writeFileSync(csv, 'site,temp,load\nnorth,20,1\nsouth,25,2\nnorth,22,3\n');
  return TabularPreprocessor.fit(await readCsv(csv));
}

function write(name: string, columns: Parameters<typeof parquetWriteFile>[0]['columnData']): string {
  const file = join(dir, name);
  parquetWriteFile({ filename: file, columnData: columns });
  return file;
}

async function drain(it: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of it);
}

describe('Parquet errors', () => {
  it('a column the model reads is missing: DataError naming it and listing the file’s columns', async () => {
    const pre = await fitted();
    const file = write('missing.parquet', [
      { name: 'site', data: ['north'], type: 'STRING' },
      { name: 'temp', data: Float64Array.of(21), type: 'DOUBLE' },
    ]);
    const err = await drain(streamParquet(file, { preprocessor: pre })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(
      /lacks column\(s\) "load" that the model reads\. It has: "site", "temp"/,
    );
    const info = await inspectParquet(file);
    expect(() => checkParquetInputs(info, pre.inputs)).toThrow(/lacks column\(s\) "load"/);
    expect(() => checkParquetInputs(info, pre.inputs.slice(0, 2), ['id'])).toThrow(/has no column\(s\) "id"/);
  });

  it('a string column where the model needs a number: DataError naming column and Parquet type', async () => {
    const pre = await fitted();
    const file = write('wrong-type.parquet', [
      { name: 'site', data: ['north'], type: 'STRING' },
      { name: 'temp', data: ['21.5'], type: 'STRING' },
      { name: 'load', data: Float64Array.of(1), type: 'DOUBLE' },
    ]);
    const err = await drain(streamParquet(file, { preprocessor: pre })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(
      /column "temp" is BYTE_ARRAY\/UTF8 in the Parquet file, but the model reads it as a number/,
    );
    // Declared numeric by the caller: the same check, its own reason.
    await expect(readParquet(file, { numeric: ['site'] })).rejects.toThrow(
      /"site" .* it was declared numeric/,
    );
  });

  it('a corrupt or truncated footer, or no Parquet at all: FormatError saying the file is not readable', async () => {
    const good = readFileSync(fixture('pyarrow-types.parquet'));
    const truncated = join(dir, 'truncated.parquet');
    writeFileSync(truncated, good.subarray(0, good.length - 100));
    const garbled = join(dir, 'garbled.parquet');
    const bad = Buffer.from(good);
    bad.writeUInt32LE(0xffffff, bad.length - 8); // metadata length beyond the file
    writeFileSync(garbled, bad);
    const csv = join(dir, 'really.csv.parquet');
    writeFileSync(csv, 'a,b\n1,2\n');
    for (const file of [truncated, garbled, csv]) {
      const err = await readParquet(file).catch((e: unknown) => e);
      expect(err, file).toBeInstanceOf(FormatError);
      expect((err as Error).message).toMatch(/is not a readable Parquet file/);
    }
  });

  it('options that leave no column to read are refused (a table without columns has no rows)', async () => {
    const file = write('one.parquet', [{ name: 'x', data: Float64Array.of(1), type: 'DOUBLE' }]);
    await expect(readParquet(file, { drop: ['x'] })).rejects.toThrow(/no columns left to read/);
  });

  it('a missing file or a directory: IOError', async () => {
    await expect(readParquet(join(dir, 'nope.parquet'))).rejects.toBeInstanceOf(IOError);
    await expect(readParquet(dir)).rejects.toThrow(/is a directory/);
  });

  it('reads GZIP through node:zlib; ZSTD where Node has it, else a clear UnsupportedError', async () => {
    const file = join(dir, 'gzip.parquet');
    parquetWriteFile({
      filename: file,
      columnData: [{ name: 'x', data: Float64Array.of(1, 2, 3), type: 'DOUBLE' }],
      codec: 'GZIP',
      compressors: { GZIP: (b: Uint8Array) => gzipSync(b) },
    });
    expect(Array.from((await readParquet(file)).numeric('x'))).toEqual([1, 2, 3]);
    const zstd = readParquet(fixture('pyarrow-zstd.parquet'));
    if ('zstdDecompressSync' in (await import('node:zlib'))) {
      expect((await zstd).categorical('c')).toEqual(['x', 'y', '', 'x', 'y', 'x']);
    } else {
      const err = await zstd.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnsupportedError);
      expect((err as Error).message).toMatch(/compressed with ZSTD.*compression="snappy"/);
    }
  });
});
