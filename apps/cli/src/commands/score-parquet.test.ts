import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv } from '@a3/data';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { parquetWriteFile, type ColumnSource } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferOutput, main } from '../index';
import { FAST, run, sensorsTrainArgv, tempDir, trainSensorsModel } from '../testing/fixtures';

const tmp = tempDir('score-parquet');
let csv: string;
let parquet: string;
let model: string;
let threshold: number;

/**
 * The sensors CSV as a Parquet file (hyparquet-writer, row groups of 256), columns as in the CSV;
 * `change` replaces a column (null leaves it out).
 */
async function toParquet(file: string, out: string, change: Record<string, ColumnSource | null> = {}) {
  const t = await readCsv(file);
  const columnData = t.columns.flatMap((c): ColumnSource[] => {
    const changed = change[c.name];
    if (changed !== undefined) return changed ? [changed] : [];
    return [
      c.kind === 'numeric'
        ? { name: c.name, data: c.values, type: 'DOUBLE' }
        : { name: c.name, data: [...c.values], type: 'STRING' },
    ];
  });
  parquetWriteFile({ filename: out, columnData, rowGroupSize: 256 });
  return out;
}

/** The CSV a3 score prints, as rows of fields. */
function rowsOf(stdout: string[]): string[][] {
  return stdout
    .join('\n')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
}

async function fails(argv: string[]): Promise<string> {
  const io = bufferOutput();
  expect(await main(argv, io)).not.toBe(0);
  return io.stderr.join('\n');
}

beforeAll(async () => {
  const trained = await trainSensorsModel(tmp.dir, {
    extra: ['--known', 'spike', '--n-known', '10', '--json'],
  });
  ({ csv, model } = trained);
  threshold = (JSON.parse(trained.stdout[0]) as { threshold: number }).threshold;
  parquet = await toParquet(csv, join(tmp.dir, 'sensors.parquet'));
}, 120_000);
afterAll(() => tmp.cleanup());

describe('a3 score with Parquet', () => {
  it('scores a Parquet file like the same rows as CSV (line = the row’s 1-based position)', async () => {
    const fromCsv = rowsOf((await run(['score', model, csv, '--keep', 'id'])).stdout);
    const fromParquet = rowsOf(
      (await run(['score', model, parquet, '--keep', 'id', '--chunk-size', '100'])).stdout,
    );
    expect(fromParquet).toHaveLength(600);
    fromParquet.forEach(([row, line, id, score, anomaly], i) => {
      const [cRow, cLine, cId, cScore, cAnomaly] = fromCsv[i];
      expect([row, id, anomaly]).toEqual([cRow, cId, cAnomaly]);
      expect(Number(line)).toBe(Number(cLine) - 1); // the CSV counts its header line
      expect(Number(score)).toBeCloseTo(Number(cScore), 6);
    });
  });

  it('--out x.parquet writes typed row, line, kept, score and anomaly columns atomically', async () => {
    const out = join(tmp.dir, 'out', 'scores.parquet');
    await run(['score', model, csv, '--out', out, '--keep', 'id,temp']);
    expect(readdirSync(join(tmp.dir, 'out'))).toEqual(['scores.parquet']);
    const file = await asyncBufferFromFile(out);
    const meta = await parquetMetadataAsync(file);
    expect(meta.schema.slice(1).map((e) => [e.name, e.type])).toEqual([
      ['row', 'INT64'],
      ['line', 'INT64'],
      ['id', 'BYTE_ARRAY'],
      ['temp', 'DOUBLE'],
      ['score', 'FLOAT'],
      ['anomaly', 'BOOLEAN'],
    ]);
    const got = await parquetReadObjects({ file });
    const want = rowsOf((await run(['score', model, csv, '--keep', 'id,temp'])).stdout);
    expect(got).toHaveLength(600);
    got.forEach((r, i) => {
      const [row, line, id, temp, score] = want[i];
      expect(r.row).toBe(BigInt(row));
      expect(r.line).toBe(BigInt(line));
      expect(r.id).toBe(id);
      expect(r.temp).toBe(Number(temp));
      expect(r.score).toBe(Number(score)); // the same float32, printed exactly in the CSV
      expect(r.anomaly).toBe(r.score >= threshold);
    });
  });

  it('a missing column, a string where a number is needed, or a corrupt footer fails and writes nothing', async () => {
    const dir = join(tmp.dir, 'bad');
    const missing = await toParquet(csv, join(tmp.dir, 'no-temp.parquet'), { temp: null });
    const t = await readCsv(csv);
    const asText = [...t.numeric('pressure')].map(String);
    const wrongType = await toParquet(csv, join(tmp.dir, 'text-pressure.parquet'), {
      pressure: { name: 'pressure', data: asText, type: 'STRING' },
    });
    const corrupt = join(tmp.dir, 'corrupt.parquet');
    const bytes = readFileSync(parquet);
    writeFileSync(corrupt, bytes.subarray(0, bytes.length - 12));
    const cases: [string, RegExp][] = [
      [missing, /lacks column\(s\) "temp" that the model reads/],
      [
        wrongType,
        /column "pressure" is BYTE_ARRAY\/UTF8 in the Parquet file, but the model reads it as a number/,
      ],
      [corrupt, /is not a readable Parquet file/],
    ];
    for (const [input, message] of cases) {
      for (const out of [join(dir, 'scores.parquet'), join(dir, 'scores.csv')]) {
        const stderr = await fails(['score', model, input, '--out', out]);
        expect(stderr).toMatch(message);
      }
      const io = bufferOutput();
      expect(await main(['score', model, input], io)).not.toBe(0);
      expect(io.stdout).toEqual([]); // not even a CSV header
    }
    expect(readdirSync(tmp.dir)).not.toContain('bad');
    expect(await fails(['score', model, parquet, '--format', 'parquet'])).toMatch(/--out FILE\.parquet/);
  });

  it('a3 train --dataset csv --file x.parquet fits the preprocessing the CSV gives, and a3 evaluate reads it back', async () => {
    const fromParquet = join(tmp.dir, 'model-pq');
    await run([...sensorsTrainArgv(parquet, ['--out', fromParquet, ...FAST])]);
    const manifest = (dir: string) =>
      JSON.parse(readFileSync(join(dir, 'a3.json'), 'utf8')) as { preprocessing: unknown };
    const plain = join(tmp.dir, 'model-csv');
    await run([...sensorsTrainArgv(csv, ['--out', plain, ...FAST])]);
    expect(manifest(fromParquet).preprocessing).toEqual(manifest(plain).preprocessing);
    const evaluate = async (m: string) =>
      JSON.parse((await run(['evaluate', m, '--json'])).stdout[0]) as { n: number; nAnomalies: number };
    const [a, b] = [await evaluate(fromParquet), await evaluate(plain)];
    expect([a.n, a.nAnomalies]).toEqual([b.n, b.nAnomalies]); // the same stored split, re-created
    expect(a.n).toBeGreaterThan(100);
  });
});
