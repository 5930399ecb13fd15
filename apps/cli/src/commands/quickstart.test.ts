import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readIdx } from '@a3/data';
import { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mnistDataDir } from '../dataset/load-dataset';
import { bufferOutput, main } from '../index';
import { scoreColumn, tempDir } from '../testing/fixtures';

const tmp = tempDir('quickstart');
let result: Record<string, unknown>;
let stderr: string[];

// The real quickstart on bundled MNIST, shrunk to seconds: 300 normals, one epoch per phase.
const TINY = [
  '--epochs-target',
  '1',
  '--epochs-alarm',
  '1',
  '--max-train-normals',
  '300',
  '--backend',
  'onnx',
];

beforeAll(async () => {
  const io = bufferOutput();
  const code = await main(['quickstart', '--out', tmp.dir, '--json', ...TINY], io);
  if (code !== 0) throw new Error(io.stderr.join('\n'));
  result = JSON.parse(io.stdout.join('\n')) as Record<string, unknown>;
  stderr = io.stderr;
}, 180_000);
afterAll(() => tmp.cleanup());

describe('a3 quickstart', () => {
  it('prints AUCs beside the baseline, the time and where the model and report are', () => {
    expect(Object.keys(result).sort()).toEqual(['aucPr', 'aucRoc', 'baseline', 'model', 'report', 'seconds']);
    const baseline = result.baseline as Record<string, number>;
    expect(Object.keys(baseline).sort()).toEqual(['aucPr', 'aucRoc']);
    for (const v of [result.aucRoc, result.aucPr, baseline.aucRoc, baseline.aucPr]) {
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(result.seconds).toBeGreaterThan(0);
    expect(result.model).toBe(join(tmp.dir, 'model'));
    expect(result.report).toBe(join(tmp.dir, 'report.html'));
  });

  it('trains on digits 0–5 plus 100 known 6/7 and tests on all of MNIST’s test split', () => {
    expect(stderr.join('\n')).toMatch(
      /train: 400 rows \(0 \d+, 1 \d+, 2 \d+, 3 \d+, 4 \d+, 5 \d+, 6 \d+, 7 \d+\)/,
    );
    expect(stderr.join('\n')).toMatch(/test: 10000 rows/);
    expect(stderr.join('\n')).toMatch(/training alarm network: done in/);
  });

  it('writes a loadable model with its protocol and a self-contained report', () => {
    const manifest = JSON.parse(readFileSync(join(tmp.dir, 'model', 'a3.json'), 'utf8')) as Record<
      string,
      never
    >;
    expect(manifest.inputShape).toEqual([784]);
    expect(manifest.preprocessing).toEqual({ type: 'pixels', divideBy: 255 });
    expect(manifest.protocol).toMatchObject({
      dataset: { recipe: 'mnist', flatten: true },
      split: { normal: ['0', '1', '2', '3', '4', '5'], known: ['6', '7'], nKnown: 100, maxTrainNormals: 300 },
    });
    const html = readFileSync(join(tmp.dir, 'report.html'), 'utf8');
    expect(html).toContain('autoencoder reconstruction error');
    expect(html).not.toMatch(/<script/);
  });

  it('prints a readable summary without --json', async () => {
    const io = bufferOutput();
    const out = join(tmp.dir, 'human');
    expect(await main(['quickstart', '--out', out, ...TINY], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toMatch(/A³ {8}AUC-ROC 0\.\d{4} {2}AUC-PR 0\.\d{4}/);
    expect(text).toMatch(/baseline {2}AUC-ROC 0\.\d{4}/);
    expect(text).toMatch(/report: .*human\/report\.html/);
    expect(existsSync(join(out, 'model', 'weights.safetensors'))).toBe(true);
  }, 180_000);

  it('scores raw pixel CSVs and exports an ONNX model that divides by 255 itself', async () => {
    const images = readIdx(join(mnistDataDir(), 't10k-images-idx3-ubyte'));
    const rows = 20;
    const lines = [Array.from({ length: 784 }, (_, j) => `p${j}`).join(',')];
    for (let i = 0; i < rows; i++)
      lines.push(Array.from(images.data.subarray(i * 784, (i + 1) * 784)).join(','));
    const csv = join(tmp.dir, 'digits.csv');
    writeFileSync(csv, lines.join('\n') + '\n');

    const io = bufferOutput();
    expect(await main(['score', result.model as string, csv], io)).toBe(0);
    const scores = scoreColumn(io.stdout);
    expect(scores).toHaveLength(rows);

    // The default (robust) model has heads outside ONNX; the paper preset exports.
    const onnx = join(tmp.dir, 'mnist.onnx');
    expect(await main(['export', result.model as string, '--onnx', onnx], bufferOutput())).toBe(1);
    const paperDir = join(tmp.dir, 'paper');
    const quick = bufferOutput();
    expect(await main(['quickstart', '--out', paperDir, '--json', '--preset', 'paper', ...TINY], quick)).toBe(
      0,
    );
    const paperModel = (JSON.parse(quick.stdout.join('\n')) as { model: string }).model;
    const paperIo = bufferOutput();
    expect(await main(['score', paperModel, csv], paperIo)).toBe(0);
    const paperScores = scoreColumn(paperIo.stdout);
    expect(await main(['export', paperModel, '--onnx', onnx], bufferOutput())).toBe(0);
    const session = await InferenceSession.create(onnx);
    const pixels = Float32Array.from(images.data.subarray(0, rows * 784));
    const r = await session.run({ features: new OrtTensor('float32', pixels, [rows, 784]) });
    paperScores.forEach((s, i) => expect((r.score.data as Float32Array)[i]).toBeCloseTo(s, 5));
  }, 120_000);
});
