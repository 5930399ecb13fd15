import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
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
      /needs options\.labelColumn: one of id, site, temp, pressure, status/,
    );
  });
});
