import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { writeOverlapCsv } from '../../../apps/cli/src/testing/centroid-detector';
import { OVERLAP_DATASET } from './testing';

const runner = resolve(dirname(fileURLToPath(import.meta.url)), '../run.mjs');
const dir = mkdtempSync(join(tmpdir(), 'a3-quality-jobs-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The runner as a user runs it (bundled by run.mjs), on a small CSV suite of two seeds. */
function run(...args: string[]) {
  const r = spawnSync(process.execPath, [runner, '--suite', join(dir, 'suite.json'), ...args], {
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { code: r.status, err: r.stderr };
}

/** The detectors' rows of a page (mean-rank and data-set tables; columns up to F1 — fit times differ). */
const tableRows = (page: string) =>
  page
    .split('\n')
    .filter((l) => /^\| (iforest|lof) /.test(l))
    .map((l) =>
      l
        .split('|')
        .slice(1, 5)
        .map((c) => c.trim()),
    );

describe('quality runner --jobs', () => {
  it('computes data-set/seed units in worker processes, with the same numbers as one process', () => {
    writeOverlapCsv(join(dir, 'overlap.csv'), 300, 5);
    const suite = {
      name: 'jobs-test',
      dataRoot: dir,
      seeds: [0, 1],
      detectors: ['iforest', 'lof'],
      datasets: [OVERLAP_DATASET],
    };
    writeFileSync(join(dir, 'suite.json'), JSON.stringify(suite));
    const parallel = run('--jobs', '2', '--cache', join(dir, 'c2'), '--out', join(dir, 'jobs.md'));
    expect(parallel.err).toContain('2 data-set/seed units to compute, 2 at a time');
    expect(parallel.err).toMatch(/\[overlap seed 1\] .*iforest: test: AUC-ROC/);
    expect(parallel.code).toBe(0);
    // The workers wrote all four cells; the final pass only read them.
    expect(readdirSync(join(dir, 'c2', 'cells', 'overlap'))).toHaveLength(4);
    expect(parallel.err).toMatch(/0 cells computed, 4 cached, 0 failed/);
    const jobsPage = readFileSync(join(dir, 'jobs.md'), 'utf8');
    expect(jobsPage).toContain('2 worker processes side by side (--jobs 2');

    const serial = run('--cache', join(dir, 'c1'), '--out', join(dir, 'one.md'));
    expect(serial.code).toBe(0);
    const onePage = readFileSync(join(dir, 'one.md'), 'utf8');
    expect(onePage).not.toContain('worker processes');
    expect(tableRows(jobsPage)).toHaveLength(4);
    expect(tableRows(jobsPage)).toEqual(tableRows(onePage));
  }, 300_000);
});
