import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rocAuc } from '@a3/metrics';
import { registerDetector, unregisterDetector } from '@a3/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareSeed } from '../compare/prepare-seed';
import type { CompareResult } from '../compare/run-compare';
import { formatMetricStat, formatSecondsStat } from '../compare/table';
import { bufferOutput, main } from '../index';
import {
  centroid,
  distances,
  overlapRequest,
  TEST_DETECTORS,
  writeOverlapCsv,
} from '../testing/centroid-detector';
import { tempDir } from '../testing/fixtures';

const tmp = tempDir('compare');
let csv: string;
const data = () => [
  '--dataset',
  'csv',
  '--file',
  csv,
  '--label-column',
  'label',
  '--drop',
  'id',
  '--normal',
  'normal',
];

async function compare(extra: string[]) {
  const io = bufferOutput();
  const code = await main(['compare', ...data(), ...extra], io);
  return { code, io };
}

beforeAll(() => {
  for (const [name, e] of Object.entries(TEST_DETECTORS)) registerDetector(name, e);
  csv = writeOverlapCsv(join(tmp.dir, 'overlap.csv'), 600, 7);
});
afterAll(() => {
  for (const name of Object.keys(TEST_DETECTORS)) unregisterDetector(name);
  tmp.cleanup();
});

describe('a3 compare', () => {
  let json: CompareResult;
  let table: string;
  const flags = [
    '--known',
    'spike',
    '--n-known',
    '5',
    '--detectors',
    'test-centroid,test-labelled',
    '--seed',
    '0,1',
  ];

  beforeAll(async () => {
    const run = await compare([...flags, '--json']);
    expect(run.code, run.io.stderr.join('\n')).toBe(0);
    json = JSON.parse(run.io.stdout.join('\n')) as CompareResult;
    const text = await compare(flags);
    expect(text.code).toBe(0);
    table = text.io.stdout.join('\n');
  }, 120_000);

  it('runs every detector on every seed with the same N known anomalies', () => {
    expect(json.seeds).toEqual([0, 1]);
    expect(json.splits.map((s) => [s.seed, s.nKnown, s.train.counts.spike])).toEqual([
      [0, 5, 5],
      [1, 5, 5],
    ]);
    expect(json.runs.map((r) => `${r.detector}/${r.seed}/${r.status}`)).toEqual([
      'test-centroid/0/ok',
      'test-labelled/0/ok',
      'test-centroid/1/ok',
      'test-labelled/1/ok',
    ]);
    // Drift rows are neither normal nor known: they are test anomalies, never training rows.
    expect(json.splits[0].train.counts.drift).toBeUndefined();
    expect(json.splits[0].test.counts.drift).toBeGreaterThan(0);
  });

  it('its JSON holds every number of the table: mean and sample std of the per-seed values', () => {
    for (const d of json.detectors) {
      const runs = json.runs.filter((r) => r.detector === d.detector);
      const v = d.views.test;
      for (const [stat, values] of [
        [v.aucRoc, runs.map((r) => r.views.test.aucRoc)],
        [v.aucPr, runs.map((r) => r.views.test.aucPr)],
        [v.f1, runs.map((r) => r.views.test.f1)],
        [d.fitSeconds!, runs.map((r) => r.fitSeconds!)],
      ] as const) {
        expect(stat.values).toEqual(values);
        const mean = (values[0] + values[1]) / 2;
        expect(stat.mean).toBeCloseTo(mean, 12);
        expect(stat.std).toBeCloseTo(Math.abs(values[0] - values[1]) / Math.SQRT2, 12);
      }
      // The text run is a second run: its metrics must be the same (seeded), its times are its own.
      const row = table.split('\n').find((l) => l.startsWith(`${d.detector} `))!;
      const cells = row.split(/ {2,}/);
      expect(cells.slice(0, 4)).toEqual([
        d.detector,
        formatMetricStat(v.aucRoc),
        formatMetricStat(v.aucPr),
        formatMetricStat(v.f1),
      ]);
      const seconds = /^\d+\.\d{2} ± \d+\.\d{2}$/;
      expect(cells.slice(4)).toEqual([expect.stringMatching(seconds), expect.stringMatching(seconds)]);
      expect(formatSecondsStat(d.fitSeconds)).toMatch(seconds);
      expect(formatSecondsStat(d.scoreSeconds)).toMatch(seconds);
      expect(d.scoreSeconds!.values).toEqual(runs.map((r) => r.scoreSeconds));
    }
  });

  it('scores the split’s test rows: AUC-ROC equals a float64 recomputation on the same split', async () => {
    const prepared = await prepareSeed(overlapRequest(csv), 1);
    const { train, test } = prepared.split;
    const scores = distances(test.x, centroid(train.x, train.y));
    const run = json.runs.find((r) => r.detector === 'test-centroid' && r.seed === 1)!;
    const expected = rocAuc(test.y, scores);
    // The classes overlap: a check at 0.5 or 1 would prove little.
    expect(expected).toBeGreaterThan(0.55);
    expect(expected).toBeLessThan(0.99);
    expect(run.views.test.aucRoc).toBeCloseTo(expected, 6);
    // No threshold from the fit: the one that flags 10 % of the training rows.
    expect(run.thresholdSource).toMatch(/10% of the training rows/);
  });

  it('reports a detector that cannot run as skipped with its reason; the others still run', async () => {
    const { code, io } = await compare([
      '--n-known',
      '0',
      '--detectors',
      'test-centroid,test-labelled,test-flagged',
      '--seed',
      '0',
      '--json',
    ]);
    expect(code).toBe(0);
    const r = JSON.parse(io.stdout.join('\n')) as CompareResult;
    expect(r.detectors.map((d) => [d.detector, d.status])).toEqual([
      ['test-centroid', 'ok'],
      ['test-labelled', 'skipped'],
      ['test-flagged', 'skipped'],
    ]);
    expect(r.detectors[1].problems[0].reason).toBe('needs known anomalies (label 1) and got none');
    expect(r.detectors[2].problems[0].reason).toMatch(/learns from labelled anomalies.*--n-known 0/);
    const text = await compare([
      '--n-known',
      '0',
      '--detectors',
      'test-centroid,test-labelled',
      '--seed',
      '0',
    ]);
    expect(text.io.stdout.join('\n')).toContain('skipped test-labelled (seed 0): needs known anomalies');
  });

  it('reports a failing detector with its message, runs the others and exits non-zero', async () => {
    const { code, io } = await compare([
      '--known',
      'spike',
      '--n-known',
      '5',
      '--detectors',
      'test-broken,test-centroid',
      '--seed',
      '0',
    ]);
    expect(code).toBe(1);
    const out = io.stdout.join('\n');
    expect(out).toContain('failed test-broken (seed 0): boom: this detector always fails');
    expect(out).toMatch(/^test-centroid +[01]\.\d{4}/m);
  });

  it('rejects an unknown detector in one line that lists the registered ones', async () => {
    const { code, io } = await compare(['--detectors', 'test-centroid,nope', '--seed', '0']);
    expect(code).toBe(1);
    expect(io.stdout).toEqual([]);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(
      /unknown detector "nope"\. Available: .*a3.*test-centroid.*\[A3_INVALID_ARGUMENT\]$/,
    );
  });

  it('rejects a malformed --n-known or seed list before reading data', async () => {
    const bad = await compare(['--n-known', 'lots', '--detectors', 'test-centroid']);
    expect(bad.code).toBe(1);
    expect(bad.io.stderr[0]).toMatch(/--n-known must be a whole number ≥ 0 .* or a percentage/);
    const seeds = await compare(['--seed', '0,x', '--detectors', 'test-centroid']);
    expect(seeds.io.stderr[0]).toMatch(/--seed must list whole numbers/);
  });

  it('--report overlays every detector’s ROC and PR curves in the HTML report', async () => {
    const path = join(tmp.dir, 'report.html');
    const { code } = await compare([
      '--known',
      'spike',
      '--n-known',
      '5',
      '--detectors',
      'test-centroid,test-labelled',
      '--seed',
      '0',
      '--report',
      path,
    ]);
    expect(code).toBe(0);
    const html = readFileSync(path, 'utf8');
    expect(html.match(/class="curve roc"/g)).toHaveLength(2);
    expect(html.match(/class="curve pr"/g)).toHaveLength(2);
    expect(html).toContain('test-centroid · AUC ');
    expect(html).toContain('test-labelled · AP ');
  });
});
