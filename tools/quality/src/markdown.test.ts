import { summarize, type DetectorRun, type DetectorSpec } from '@a3/cli';
import { describe, expect, it } from 'vitest';
import type { Cell } from './cells';
import { describeMachines, renderQualityPage, type PageMeta } from './markdown';
import type { DatasetResult, SuiteResult } from './run-suite';
import type { SuiteDataset } from './suite';

const specs: DetectorSpec[] = ['d1', 'd2', 'd3'].map((n) => ({ name: n, kind: n }));

function ok(
  detector: string,
  seed: number,
  aucRoc: number,
  aucPr: number,
  f1: number,
  fitSeconds: number,
): DetectorRun {
  return {
    detector,
    kind: detector,
    seed,
    status: 'ok',
    fitSeconds,
    scoreSeconds: 0.01,
    threshold: 0.5,
    thresholdSource: 'set by the detector’s fit',
    backend: null,
    views: { test: { aucRoc, aucPr, f1, precision: f1, recall: f1, n: 100, nAnomalies: 10 } },
  };
}

const skipped = (detector: string, seed: number): DetectorRun => ({
  detector,
  kind: detector,
  seed,
  status: 'skipped',
  reason: 'no labels',
  views: {},
});

function dataset(name: string, runs: DetectorRun[], nKnown: number): DatasetResult {
  const d: SuiteDataset = {
    name,
    flags: { dataset: 'adbench', file: `adbench/${name}.npz`, 'n-known': '5%' },
  };
  const cells = runs.map(
    (run) =>
      ({
        run,
        key: { seed: run.seed },
        split: { nKnown },
      }) as unknown as Cell,
  );
  return {
    dataset: d,
    datasetName: `adbench:${name}`,
    viewNames: ['test'],
    cells,
    summaries: summarize(specs, ['test'], runs),
    nKnown: [nKnown, nKnown],
    errors: [],
  };
}

// Per-seed values typed in; the expected cells below are worked out by hand from them.
const cardio = dataset(
  '6_cardio',
  [
    ok('d1', 0, 0.9, 0.6, 0.5, 1.5),
    ok('d1', 1, 0.8, 0.7, 0.5, 2.5),
    ok('d2', 0, 0.95, 0.5, 0.4, 12),
    ok('d2', 1, 0.93, 0.52, 0.6, 14),
    skipped('d3', 0),
    skipped('d3', 1),
  ],
  6,
);
const toy = dataset(
  'toy',
  [
    ok('d1', 0, 0.7, 0.4, 0.3, 1),
    ok('d1', 1, 0.7, 0.4, 0.3, 1),
    ok('d2', 0, 0.6, 0.4, 0.3, 1),
    ok('d2', 1, 0.6, 0.4, 0.3, 1),
    skipped('d3', 0),
    skipped('d3', 1),
  ],
  5,
);

const result: SuiteResult = {
  detectors: specs,
  unregistered: [],
  datasets: [cardio, toy],
  counts: { computed: 12, cached: 0, failed: 0, total: 12 },
};

const meta: PageMeta = {
  date: '2025-01-02T03:04:05Z',
  backend: 'onnx',
  machine: '2 × Test CPU, load average 0.50 at start',
  commit: 'abc1234 (dirty)',
  command: 'node tools/quality/run.mjs --quick',
  suite: 'development',
  description: 'the protocol.',
  selection: {
    variant: 'quick',
    seeds: [0, 1],
    datasets: [cardio.dataset, toy.dataset],
    detectors: specs,
    narrowedBy: [],
  },
};

describe('renderQualityPage', () => {
  const page = renderQualityPage(result, meta);
  const lines = page.split('\n');

  it('starts with where the numbers came from', () => {
    expect(lines[0]).toBe('# Detection quality');
    expect(lines).toContain('| command | `node tools/quality/run.mjs --quick` |');
    expect(lines).toContain('| date | 2025-01-02T03:04:05Z |');
    expect(lines).toContain('| commit | abc1234 (dirty) |');
    expect(lines).toContain('| backend | onnx |');
    expect(lines).toContain('| machine | 2 × Test CPU, load average 0.50 at start |');
    expect(lines).toContain('| suite | development (quick variant): seeds 0, 1; 2 data sets |');
    expect(page).toContain('> **Quick variant:**');
    expect(page).not.toContain('Partial run');
  });

  it('writes a table per data set: mean ± sample std over seeds, skipped rows and their reasons', () => {
    const at = lines.indexOf('### 6_cardio');
    expect(lines.slice(at, at + 9)).toEqual([
      '### 6_cardio',
      '',
      'adbench:6_cardio · N known 6 (PEERS.md: 6) · flags `--dataset adbench --file adbench/6_cardio.npz --n-known 5%`',
      '',
      '| detector | AUC-ROC | AUC-PR | F1 | fit s | seeds |',
      '| --- | --- | --- | --- | --- | --- |',
      '| d1 | 0.850 ± 0.071 | 0.650 ± 0.071 | 0.500 ± 0.000 | 2.00 ± 0.71 | 2 |',
      '| d2 | 0.940 ± 0.014 | 0.510 ± 0.014 | 0.500 ± 0.141 | 13.0 ± 1.4 | 2 |',
      '| d3 | skipped |  |  |  |  |',
    ]);
    expect(lines).toContain('- d3 skipped (seeds 0, 1): no labels');
  });

  it('puts the PEERS.md numbers beside a development set, labelled as pasted', () => {
    const at = lines.indexOf('| peer (PEERS.md) | AUC-ROC | AUC-PR |');
    expect(at).toBeGreaterThan(lines.indexOf('### 6_cardio'));
    expect(lines[at - 2]).toMatch(/pasted from \.\.\/shared\/PEERS\.md.*not produced by this run/);
    expect(lines[at + 2]).toBe('| A³ paper | 0.975 | 0.834 |');
    // The toy set has no peers.
    expect(lines.slice(lines.indexOf('### toy')).some((l) => l.includes('PEERS.md)'))).toBe(false);
  });

  it('ranks detectors per data set and averages the ranks (ties share theirs)', () => {
    // AUC-PR: cardio d1 .65 > d2 .51 → 1, 2; toy .4 = .4 → 1.5 each. AUC-ROC: cardio d2 first, toy d1.
    const at = lines.indexOf(
      '| detector | mean rank AUC-PR | mean rank AUC-ROC | mean AUC-PR | mean AUC-ROC | columns |',
    );
    expect(lines.slice(at + 2, at + 5)).toEqual([
      '| d1 | 1.25 | 1.50 | 0.525 | 0.775 | 2 of 2 |',
      '| d2 | 1.75 | 1.50 | 0.455 | 0.770 | 2 of 2 |',
      '',
    ]);
  });

  it('says when a run is partial', () => {
    const partial = renderQualityPage(
      { ...result, unregistered: ['lof'], counts: { computed: 10, cached: 0, failed: 1, total: 12 } },
      meta,
    );
    expect(partial).toContain(
      '> **Partial run:** 3 of 12 cells have no result; not registered in this build: lof.',
    );
    const narrowed = renderQualityPage(result, {
      ...meta,
      selection: { ...meta.selection, narrowedBy: ['--datasets 6_cardio,toy'] },
    });
    expect(narrowed).toContain(
      '> **Partial run:** only a part of the quick variant (--datasets 6_cardio,toy).',
    );
  });
});

describe('describeMachines', () => {
  it('merges lines that differ only in the load average into one with the range and the count', () => {
    const jobs = ', 2 worker processes side by side';
    expect(
      describeMachines([
        `2 × CPU, load average 0.70 when the run started${jobs}`,
        `2 × CPU, load average 5.72 when the run started${jobs}`,
        `2 × CPU, load average 3.10 when the run started${jobs}`,
        '2 × CPU, load average 0.20 when the run started',
        'not recorded',
      ]),
    ).toBe(
      `2 × CPU, load average 0.70–5.72 when the run started${jobs} (3 runs); ` +
        '2 × CPU, load average 0.20 when the run started; not recorded',
    );
    expect(describeMachines(['a, load average 1.00 x', 'a, load average 1.00 x'])).toBe(
      'a, load average 1.00 x (2 runs)',
    );
  });
});
