import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@a3/core';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import { ParquetFileWriter } from './parquet-writer';

const dir = mkdtempSync(join(tmpdir(), 'a3-parquet-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ParquetFileWriter', () => {
  it('writes appended batches as row groups of rowGroupSize rows that hyparquet reads back exactly', async () => {
    const path = join(dir, 'nested', 'scores.parquet');
    const w = await ParquetFileWriter.open(
      path,
      [
        { name: 'row', type: 'INT64' },
        { name: 'id', type: 'STRING' },
        { name: 'score', type: 'FLOAT' },
        { name: 'anomaly', type: 'BOOLEAN' },
      ],
      { rowGroupSize: 1_000, metadata: { 'a3.threshold': '0.5' } },
    );
    const n = 2_500;
    for (let s = 0; s < n; s += 300) {
      const e = Math.min(n, s + 300);
      const score = Float32Array.from({ length: e - s }, (_, i) => ((s + i) % 97) / 97);
      await w.append([
        BigInt64Array.from({ length: e - s }, (_, i) => BigInt(s + i)),
        Array.from({ length: e - s }, (_, i) => `id${s + i}`),
        score,
        Array.from(score, (v) => v >= 0.5),
      ]);
      expect(existsSync(path)).toBe(false); // only the temp file exists until close()
    }
    await w.close();
    expect(readdirSync(join(dir, 'nested'))).toEqual(['scores.parquet']);

    const file = await asyncBufferFromFile(path);
    const meta = await parquetMetadataAsync(file);
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([1_000, 1_000, 500]);
    expect(meta.key_value_metadata).toContainEqual({ key: 'a3.threshold', value: '0.5' });
    const rows = await parquetReadObjects({ file });
    expect(rows).toHaveLength(n);
    rows.forEach((r, i) => {
      const want = Math.fround((i % 97) / 97);
      expect(r).toEqual({ row: BigInt(i), id: `id${i}`, score: want, anomaly: want >= 0.5 });
    });
  });

  it('abort() leaves nothing behind; a batch of the wrong type or length is refused', async () => {
    const path = join(dir, 'aborted.parquet');
    const w = await ParquetFileWriter.open(path, [
      { name: 'x', type: 'DOUBLE' },
      { name: 'n', type: 'INT32' },
    ]);
    await w.append([Float64Array.of(1, 2), Int32Array.of(3, 4)]);
    await expect(w.append([Float32Array.of(1), Int32Array.of(1)])).rejects.toThrow(/"x" is DOUBLE/);
    await expect(w.append([Float64Array.of(1), Int32Array.of(1, 2)])).rejects.toThrow(InvalidArgumentError);
    await w.abort();
    expect(readdirSync(dir).filter((f) => f.startsWith('aborted'))).toEqual([]);
    await expect(ParquetFileWriter.open(path, [])).rejects.toThrow(/at least one column/);
  });
});
