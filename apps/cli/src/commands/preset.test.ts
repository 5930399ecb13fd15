import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferOutput, main } from '../index';
import { run, scoreColumn, sensorsTrainArgv, tempDir, writeSensorsCsv } from '../testing/fixtures';

/** Short training, the default preset (no --preset): tiny epochs instead of robust's step budget. */
const QUICK = ['--epochs-target', '2', '--epochs-alarm', '2', '--batch-size', '64', '--backend', 'onnx'];

const tmp = tempDir('preset');
let csv: string;
let robust: string;
let trainOutput: string[];

const manifestOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'a3.json'), 'utf8')) as Record<string, never>;

async function fails(argv: string[]): Promise<string> {
  const io = bufferOutput();
  expect(await main(argv, io)).not.toBe(0);
  return io.stderr.join('\n');
}

beforeAll(async () => {
  csv = writeSensorsCsv(join(tmp.dir, 'sensors.csv'), 400);
  robust = join(tmp.dir, 'robust');
  ({ stdout: trainOutput } = await run(
    sensorsTrainArgv(csv, ['--known', 'spike', '--n-known', '5', '--out', robust, ...QUICK]),
  ));
}, 120_000);
afterAll(() => tmp.cleanup());

describe('--preset', () => {
  it('robust is the default: hgb and the chosen unsupervised head saved with the model, no double scaling', () => {
    const m = manifestOf(robust);
    expect(m.config).toMatchObject({
      preset: 'robust',
      preprocessing: 'none',
      heads: [
        { detector: 'hgb', weight: 2, floor: 0.9 },
        { detector: 'lof', weight: 1, group: 'unsupervised' },
        { detector: 'iforest', weight: 1, group: 'unsupervised' },
        { detector: 'ae', weight: 1, group: 'unsupervised' },
      ],
      // --epochs-alarm replaces the preset's step budget.
      alarmTraining: { epochs: 2, learningRate: 1e-4 },
    });
    expect((m.config as { alarmTraining: object }).alarmTraining).not.toHaveProperty('steps');
    expect(m.formatVersion).toBe(3);
    expect(existsSync(join(robust, 'heads', '0-hgb', 'a3.json'))).toBe(true);
    // The unsupervised heads the known anomalies chose are saved: the best and every one within
    // groupTolerance (0.02) of its AUC-ROC, sharing the group's weight of 1.
    const selected = (
      m.training as {
        heads: { selected: { kept: string[]; aucRoc: { detector: string; aucRoc: number }[] }[] };
      }
    ).heads.selected[0];
    const auc = Object.fromEntries(selected.aucRoc.map((a) => [a.detector, a.aucRoc]));
    const best = Math.max(...Object.values(auc));
    const within = ['lof', 'iforest', 'ae'].filter((d) => auc[d] >= best - 0.02);
    expect([...selected.kept].sort()).toEqual([...within].sort());
    expect(auc[selected.kept[0]]).toBe(best);
    const saved = ['1-lof', '2-iforest', '3-ae']
      .filter((d) => existsSync(join(robust, 'heads', d, 'a3.json')))
      .map((d) => d.slice(2));
    expect(saved).toEqual(within);
    const share = Number((1 / within.length).toFixed(3));
    expect(trainOutput.join('\n')).toContain(
      `preset robust, heads hgb (2), ${within.map((d) => `${d} (${share})`).join(', ')}; ` +
        `${selected.kept.join(' + ')} chosen in unsupervised`,
    );
    expect(trainOutput.join('\n')).toMatch(
      /AUC-ROC of held-out normals vs known anomalies: lof \d\.\d{3}, iforest \d\.\d{3}, ae \d\.\d{3}\)/,
    );
  });

  it('a robust model evaluates and scores through its heads; export refuses it and names the way out', async () => {
    const io = await run(['evaluate', robust, '--json']);
    const metrics = JSON.parse(io.stdout[0]) as { aucRoc: number };
    expect(metrics.aucRoc).toBeGreaterThan(0.9);
    const scores = scoreColumn((await run(['score', robust, csv])).stdout);
    expect(scores).toHaveLength(400);
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(0);
    // The spikes lie beyond every held-out normal: calibrated scores above 1.
    expect(Math.max(...scores)).toBeGreaterThan(1);
    const msg = await fails(['export', robust, '--onnx', join(tmp.dir, 'm.onnx')]);
    expect(msg).toMatch(/combines its alarm with heads \(hgb, [a-z, ]+\).*--preset paper/);
  });

  it('paper: one alarm network, as before presets', async () => {
    const out = join(tmp.dir, 'paper');
    await run(
      sensorsTrainArgv(csv, [
        '--known',
        'spike',
        '--n-known',
        '5',
        '--out',
        out,
        '--preset',
        'paper',
        ...QUICK,
      ]),
    );
    const m = manifestOf(out);
    expect(m.config).toMatchObject({ preset: 'paper', heads: [], preprocessing: 'none' });
    expect(m.formatVersion).toBe(2);
    expect(existsSync(join(out, 'heads'))).toBe(false);
  });

  it('without known anomalies robust drops the hgb head and says why in the model', async () => {
    const out = join(tmp.dir, 'unsupervised');
    await run(sensorsTrainArgv(csv, ['--out', out, ...QUICK]));
    const training = manifestOf(out).training as {
      heads: { kept: object[]; dropped: { detector: string }[] };
    };
    expect(training.heads.kept).toEqual([{ detector: 'lof', weight: 1 }]);
    // hgb for want of labels; iforest and ae because, with none, the group keeps its first head.
    expect(training.heads.dropped.map((d) => d.detector)).toEqual(['hgb', 'iforest', 'ae']);
    const summary = JSON.parse(
      (await run([...sensorsTrainArgv(csv, ['--out', out, '--force', ...QUICK]), '--json'])).stdout.join(
        '\n',
      ),
    ) as { preset: string; heads: string[] };
    expect(summary).toMatchObject({ preset: 'robust', heads: ['lof'] });
  });

  it('an unknown preset fails before any data is read, listing the presets', async () => {
    const msg = await fails(sensorsTrainArgv(join(tmp.dir, 'missing.csv'), ['--preset', 'fast', ...QUICK]));
    expect(msg).toMatch(/--preset "fast" is not a preset\. Presets: paper, robust/);
  });
});
