import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferOutput, main } from '../index';
import { run, tempDir, trainSensorsModel } from '../testing/fixtures';

const tmp = tempDir('score');
let csv: string;
let model: string;
let threshold: number;

function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const [head, ...lines] = text.trimEnd().split('\n');
  return { header: head.split(','), rows: lines.map((l) => l.split(',')) };
}

beforeAll(async () => {
  const trained = await trainSensorsModel(tmp.dir, {
    extra: ['--known', 'spike', '--n-known', '10', '--json'],
  });
  ({ csv, model } = trained);
  threshold = (JSON.parse(trained.stdout[0]) as { threshold: number }).threshold;
}, 120_000);
afterAll(() => tmp.cleanup());

describe('a3 score', () => {
  it('writes row, line, score and the 0/1 decision for every row of the CSV', async () => {
    const out = join(tmp.dir, 'scores.csv');
    const io = await run(['score', model, csv, '--out', out]);
    expect(io.stdout).toEqual([]);
    expect(io.stderr.at(-1)).toMatch(/scoring .*: done in .* — 600 rows → .*scores\.csv/);
    const { header, rows } = parseCsv(readFileSync(out, 'utf8'));
    expect(header).toEqual(['row', 'line', 'score', 'anomaly']);
    expect(rows).toHaveLength(600);
    rows.forEach(([row, line, score, anomaly], i) => {
      expect(Number(row)).toBe(i);
      expect(Number(line)).toBe(i + 2);
      const s = Number(score);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
      expect(Number(anomaly)).toBe(s >= threshold ? 1 : 0);
    });
    // Only the output is left in the folder: the temp file was renamed over it.
    expect(readdirSync(tmp.dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('gives the same scores whatever the chunk size', async () => {
    const a = parseCsv((await run(['score', model, csv, '--chunk-size', '7'])).stdout.join('\n')).rows;
    const b = parseCsv((await run(['score', model, csv])).stdout.join('\n')).rows;
    expect(a).toHaveLength(600);
    // Equal up to float32 rounding: the runtime's kernels block differently per batch size.
    a.forEach((r, i) => {
      expect(r.slice(0, 2)).toEqual(b[i].slice(0, 2));
      expect(Number(r[2])).toBeCloseTo(Number(b[i][2]), 5);
    });
  });

  it('writes a JSON array with --format json and copies --keep columns', async () => {
    const out = join(tmp.dir, 'scores.json');
    await run([
      'score',
      model,
      csv,
      '--out',
      out,
      '--format',
      'json',
      '--keep',
      'id,label',
      '--chunk-size',
      '50',
    ]);
    const rows = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>[];
    expect(rows).toHaveLength(600);
    expect(Object.keys(rows[0])).toEqual(['row', 'line', 'id', 'label', 'score', 'anomaly']);
    expect(rows[3].id).toBe('s3');
    expect(rows.filter((r) => r.label !== 'normal').length).toBeGreaterThan(50);
    // The model separates the planted anomalies: they score higher on average.
    const mean = (xs: Record<string, unknown>[]) =>
      xs.reduce((s, r) => s + (r.score as number), 0) / xs.length;
    expect(mean(rows.filter((r) => r.label !== 'normal'))).toBeGreaterThan(
      mean(rows.filter((r) => r.label === 'normal')),
    );
  });

  it('reads a CSV without header in the model’s column order, extra columns ignored', async () => {
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    const headerless = join(tmp.dir, 'no-header.csv');
    // Inputs in training order (site, temp, pressure, vibration), then an extra column (label).
    writeFileSync(
      headerless,
      lines
        .slice(1)
        .map((l) => l.split(',').slice(1).join(','))
        .join('\n') + '\n',
    );
    const a = await run(['score', model, headerless, '--no-header']);
    const b = await run(['score', model, csv]);
    const scores = (io: { stdout: string[] }) => parseCsv(io.stdout.join('\n')).rows.map((r) => Number(r[2]));
    const sa = scores(a);
    const sb = scores(b);
    expect(sa).toHaveLength(600);
    sa.forEach((s, i) => expect(s).toBeCloseTo(sb[i], 5));
  });

  it('stops at an invalid value with its line, or drops the row with --on-invalid drop-row', async () => {
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    lines[10] = lines[10].replace(/,([\d.]+),/, ',oops,');
    const broken = join(tmp.dir, 'broken.csv');
    writeFileSync(broken, lines.join('\n') + '\n');
    const out = join(tmp.dir, 'broken-scores.csv');
    const err = bufferOutput();
    expect(await main(['score', model, broken, '--out', out], err)).toBe(1);
    expect(err.stderr.at(-1)).toMatch(/line 11/);
    expect(existsSync(out)).toBe(false);
    const io = await run(['score', model, broken, '--on-invalid', 'drop-row']);
    const { rows } = parseCsv(io.stdout.join('\n'));
    expect(rows).toHaveLength(599);
    expect(rows.map((r) => r[1])).not.toContain('11');
    expect(io.stderr.at(-1)).toMatch(/599 rows, 1 invalid rows dropped/);
  });
});
