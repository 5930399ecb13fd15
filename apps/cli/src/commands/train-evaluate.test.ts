import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferOutput, main } from '../index';
import { FAST, run, sensorsTrainArgv, tempDir, writeNslKdd, writeSensorsCsv } from '../testing/fixtures';

const tmp = tempDir('train');
let nsl: string;
let nslModel: string;
let trainSummary: Record<string, unknown>;

const nslTrain = (dir: string, out: string, extra: string[] = []) => [
  'train',
  '--dataset',
  'nsl-kdd',
  '--data-dir',
  dir,
  '--normal',
  'normal',
  '--known',
  'DoS,Probe',
  '--n-known',
  '20',
  '--test-anomalies',
  'DoS,Probe,R2L,U2R',
  '--seed',
  '1',
  '--out',
  out,
  ...FAST,
  ...extra,
];

beforeAll(async () => {
  nsl = writeNslKdd(join(tmp.dir, 'nsl'));
  nslModel = join(tmp.dir, 'nsl-model');
  const io = await run([...nslTrain(nsl, nslModel), '--json']);
  trainSummary = JSON.parse(io.stdout.join('\n')) as Record<string, unknown>;
}, 120_000);
afterAll(() => tmp.cleanup());

describe('a3 train', () => {
  it('prints a JSON summary and reports progress on stderr', async () => {
    expect(trainSummary).toMatchObject({
      model: nslModel,
      dataset: 'nsl-kdd',
      backend: 'onnx',
      samples: { knownAnomalies: 20 },
      split: { normal: ['normal'], known: ['DoS', 'Probe'], nKnown: 20, seed: 1 },
    });
    expect(typeof trainSummary.threshold).toBe('number');
  });

  it('stores the split protocol and the fitted preprocessing with the model', () => {
    const manifest = JSON.parse(readFileSync(join(nslModel, 'a3.json'), 'utf8')) as Record<string, never>;
    expect(manifest.protocol).toMatchObject({
      version: 1,
      dataset: { recipe: 'nsl-kdd', path: nsl, seed: 1, testFraction: 0.3 },
      split: { testAnomalies: ['DoS', 'Probe', 'R2L', 'U2R'], validationFraction: 0.05 },
    });
    expect(manifest.preprocessing).toMatchObject({ type: 'tabular', scaler: { type: 'minmax' } });
    expect((manifest.preprocessing as { featureNames: string[] }).featureNames).toHaveLength(122);
    expect(manifest.config).toMatchObject({ seed: 1, alarmTraining: { epochs: 2, batchSize: 64 } });
  });

  it('trains a generic CSV with a seeded stratified hold-out', async () => {
    const csv = writeSensorsCsv(join(tmp.dir, 'sensors.csv'));
    const out = join(tmp.dir, 'csv-model');
    const io = await run(
      sensorsTrainArgv(
        csv,
        ['--known', 'spike', '--n-known', '5', '--test-fraction', '0.25', '--out', out, ...FAST, '--json'],
        { keepId: true },
      ),
    );
    const summary = JSON.parse(io.stdout[0]) as { samples: { test: number } };
    const ev = await run(['evaluate', out, '--json']);
    const m = JSON.parse(ev.stdout[0]) as { n: number; nAnomalies: number };
    expect(m.n).toBe(summary.samples.test);
    // 25 % of each class is held out, and every class there is either normal or a test anomaly.
    expect(m.n).toBeGreaterThan(140);
    expect(m.n).toBeLessThan(160);
    expect(m.nAnomalies).toBeGreaterThan(0);
  });
});

describe('a3 evaluate', () => {
  it('prints exactly the metrics at the top level with --json', async () => {
    const io = await run(['evaluate', nslModel, '--dataset', 'nsl-kdd', '--data-dir', nsl, '--json']);
    expect(io.stdout).toHaveLength(1);
    const m = JSON.parse(io.stdout[0]) as Record<string, number>;
    expect(Object.keys(m).sort()).toEqual(
      ['aucPr', 'aucRoc', 'f1', 'n', 'nAnomalies', 'precision', 'recall', 'threshold'].sort(),
    );
    // The fixture's KDDTest+: 150 normal and 100 attacks of the four families.
    expect(m.n).toBe(250);
    expect(m.nAnomalies).toBe(100);
    for (const k of ['aucRoc', 'aucPr', 'f1', 'precision', 'recall']) {
      expect(m[k]).toBeGreaterThanOrEqual(0);
      expect(m[k]).toBeLessThanOrEqual(1 + 1e-12); // sums of float64 steps may round up past 1
    }
    expect(m.threshold).toBe(trainSummary.threshold);
  });

  it('re-creates the same split from the stored protocol alone, and reports the same numbers', async () => {
    const a = await run(['evaluate', nslModel, '--json']);
    const b = await run(['evaluate', nslModel, '--dataset', 'nsl-kdd', '--data-dir', nsl, '--json']);
    expect(a.stdout[0]).toBe(b.stdout[0]);
  });

  it('writes an HTML report with curves, histograms, the metrics and the config', async () => {
    const report = join(tmp.dir, 'out', 'report.html');
    const io = await run(['evaluate', nslModel, '--report', report]);
    expect(io.stdout.join('\n')).toMatch(/AUC-ROC\s+[01]\.\d{4}/);
    const html = readFileSync(report, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('ROC');
    expect(html).toContain('autoencoder reconstruction error');
    expect(html).toContain('<svg');
    expect(html).toContain('nsl-kdd');
  });

  it('finds data that moved with --data-dir, and refuses different training data', async () => {
    const moved = join(tmp.dir, 'moved');
    cpSync(nsl, moved, { recursive: true });
    const io = await run(['evaluate', nslModel, '--data-dir', moved, '--json']);
    expect(JSON.parse(io.stdout[0])).toMatchObject({ n: 250 });

    const changed = join(tmp.dir, 'changed');
    cpSync(nsl, changed, { recursive: true });
    const file = join(changed, 'KDDTrain+_20Percent.txt');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^0,tcp,http,SF,2\d\d,/m, '0,tcp,http,SF,99999,'));
    const err = bufferOutput();
    expect(await main(['evaluate', nslModel, '--data-dir', changed], err)).toBe(1);
    expect(err.stderr.at(-1)).toMatch(/differs from what the model was trained on .*\[A3_DATA\]$/);
  });
});
