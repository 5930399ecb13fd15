import { readdirSync, rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bufferOutput, type DetectorSpec } from '@a3/cli';
import { PRESET_CONFIGS, registerDetector, unregisterDetector } from '@a3/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DETECTORS, writeOverlapCsv } from '../../../apps/cli/src/testing/centroid-detector';
import { cellHash } from './cells';
import { cellKeys, pendingUnits, runSuite, type SuiteRunOptions } from './run-suite';
import { parseSuite, resolveFlags, selectFrom } from './suite';
import { OVERLAP_DATASET } from './testing';

const dir = mkdtempSync(join(tmpdir(), 'a3-quality-'));
const cacheDir = join(dir, 'cache');

const suite = parseSuite(
  {
    name: 'test',
    dataRoot: dir,
    seeds: [0, 1],
    detectors: ['test-centroid', 'test-broken', 'not-registered'],
    datasets: [OVERLAP_DATASET],
  },
  'test-suite',
);

const options = (o: Partial<SuiteRunOptions> = {}): SuiteRunOptions => ({
  selection: selectFrom(suite, {}),
  dataRoot: dir,
  cacheDir,
  io: bufferOutput(),
  commit: 'test',
  ...o,
});

const cellFiles = () => readdirSync(join(cacheDir, 'cells', 'overlap')).sort();

beforeAll(() => {
  for (const [name, e] of Object.entries(TEST_DETECTORS)) registerDetector(name, e);
  writeOverlapCsv(join(dir, 'overlap.csv'), 400, 11);
});
afterAll(() => {
  for (const name of Object.keys(TEST_DETECTORS)) unregisterDetector(name);
  rmSync(dir, { recursive: true, force: true });
});

describe('runSuite', () => {
  it('computes each cell once, caches it, and resumes from the cache', async () => {
    const first = await runSuite(options());
    expect(first.unregistered).toEqual(['not-registered']);
    expect(first.counts).toEqual({ computed: 4, cached: 0, failed: 2, total: 4 });
    // Failures are reported, not cached: only the two centroid cells are on disk.
    expect(cellFiles()).toHaveLength(2);
    expect(cellFiles().every((f) => f.startsWith('test-centroid-seed'))).toBe(true);
    const centroid = first.datasets[0].summaries.find((s) => s.detector === 'test-centroid')!;
    expect(centroid.status).toBe('ok');
    expect(centroid.views.test.aucRoc.values).toHaveLength(2);
    expect(first.datasets[0].nKnown).toEqual([5, 5]);

    // An interrupted run: seed 1's centroid cell is lost; only it (and the uncached failures) re-run.
    rmSync(
      join(
        cacheDir,
        'cells',
        'overlap',
        cellFiles().find((f) => f.includes('seed1'))!,
      ),
    );
    const io = bufferOutput();
    const resumed = await runSuite(options({ io }));
    expect(resumed.counts).toEqual({ computed: 3, cached: 1, failed: 2, total: 4 });
    expect(io.stderr.filter((l) => l.endsWith(': cached'))).toEqual([
      '[1/4] overlap seed 0 · test-centroid: cached',
    ]);
    const again = resumed.datasets[0].summaries.find((s) => s.detector === 'test-centroid')!;
    expect(again.views).toEqual(centroid.views);

    const cached = await runSuite(
      options({ selection: selectFrom(suite, { detectors: ['test-centroid'] }) }),
    );
    expect(cached.counts).toEqual({ computed: 0, cached: 2, failed: 0, total: 2 });

    // What --jobs hands to workers: the seeds with a cell still missing (the uncached failures).
    const centroidOnly = selectFrom(suite, { detectors: ['test-centroid'] });
    expect(pendingUnits(options({ selection: centroidOnly }))).toEqual([]);
    expect(pendingUnits(options({ selection: centroidOnly, fresh: true }))).toEqual([
      { dataset: 'overlap', seed: 0 },
      { dataset: 'overlap', seed: 1 },
    ]);
    expect(pendingUnits(options()).map((u) => u.seed)).toEqual([0, 1]);
  });

  it('re-runs everything with fresh, and misses the cache when a flag changes', async () => {
    const fresh = await runSuite(
      options({ fresh: true, selection: selectFrom(suite, { detectors: ['test-centroid'] }) }),
    );
    expect(fresh.counts).toEqual({ computed: 2, cached: 0, failed: 0, total: 2 });
    const other = parseSuite(
      {
        ...JSON.parse(JSON.stringify(suite)),
        detectors: ['test-centroid'],
        datasets: [{ ...suite.datasets[0], flags: { ...suite.datasets[0].flags, 'n-known': '6' } }],
      },
      'other',
    );
    const changed = await runSuite(options({ selection: selectFrom(other, {}) }));
    expect(changed.counts).toEqual({ computed: 2, cached: 0, failed: 0, total: 2 });
    expect(changed.datasets[0].nKnown).toEqual([6, 6]);
  });

  it('records a data set that cannot load and goes on', async () => {
    const broken = parseSuite(
      {
        name: 'b',
        dataRoot: dir,
        seeds: [0],
        detectors: ['test-centroid'],
        datasets: [{ name: 'gone', flags: { dataset: 'adbench', file: 'missing.npz' } }, suite.datasets[0]],
      },
      'b',
    );
    const r = await runSuite(options({ selection: selectFrom(broken, {}) }));
    expect(r.datasets[0].errors[0]).toMatch(/missing\.npz does not exist/);
    expect(r.datasets[1].summaries[0].status).toBe('ok');
  });
});

describe('cell keys', () => {
  it('key an A³ cell by its full config, so a changed preset default is a new cell, not a stale hit', () => {
    const flags = resolveFlags(OVERLAP_DATASET, dir);
    const specs: DetectorSpec[] = [
      { name: 'a3', kind: 'a3', options: { preset: 'robust' } },
      { name: 'a3-tol0', kind: 'a3', options: { preset: 'robust', groupTolerance: 0 } },
      { name: 'test-centroid', kind: 'test-centroid' },
    ];
    const keys = () => cellKeys(OVERLAP_DATASET, flags, 0, specs, undefined);
    const [robust, tol0, other] = keys();
    expect((robust.resolved as { groupTolerance: number }).groupTolerance).toBe(0.02);
    expect((tol0.resolved as { groupTolerance: number }).groupTolerance).toBe(0);
    expect(other.resolved).toBeUndefined();
    const before = cellHash(robust);
    // The same spec after a preset's default changed (as a commit would change it).
    const training = (PRESET_CONFIGS.robust as { alarmTraining: { steps: number } }).alarmTraining;
    const steps = training.steps;
    training.steps = steps + 1;
    try {
      expect(cellHash(keys()[0])).not.toBe(before);
    } finally {
      training.steps = steps;
    }
    expect(cellHash(keys()[0])).toBe(before);
  });
});
