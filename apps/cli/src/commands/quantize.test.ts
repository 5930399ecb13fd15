import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeModel } from '@a3/backend-onnx';
import { rocAuc } from '@a3/metrics';
import { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../../packages/data/src/testing/shared-data';
import { run, tempDir } from '../testing/fixtures';

const nsl = sharedData('nsl-kdd');
const tmp = tempDir('quantize');
afterAll(() => tmp.cleanup());
let model = '';
let testCsv = '';
let labels: number[] = [];

/** The score column of `a3 score`'s CSV output (row, line, score, anomaly). */
function scores(file: string): number[] {
  return readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => Number(l.split(',')[2]));
}

beforeAll(async () => {
  if (!nsl.available) return;
  model = join(tmp.dir, 'model');
  // The paper's NSL-KDD setting, small: a real model with a real AUC in ~10 s.
  await run([
    'train',
    '--dataset',
    'nsl-kdd',
    '--data-dir',
    nsl.path,
    '--out',
    model,
    '--epochs-target',
    '2',
    '--epochs-alarm',
    '2',
    '--max-train-normals',
    '3000',
    '--seed',
    '1',
    // One alarm network (no heads outside ONNX): the model a3 export writes whole.
    '--preset',
    'paper',
  ]);
  const manifest = JSON.parse(readFileSync(join(model, 'a3.json'), 'utf8')) as {
    preprocessing: { inputs: { name: string }[] };
  };
  // KDDTest+ (all four attack families) under the model's column names; label 1 = any attack.
  const lines = readFileSync(join(nsl.path, 'KDDTest+.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  labels = lines.map((l) => (l.split(',')[41] === 'normal' ? 0 : 1));
  testCsv = join(tmp.dir, 'test.csv');
  writeFileSync(
    testCsv,
    [
      manifest.preprocessing.inputs.map((c) => c.name).join(','),
      ...lines.map((l) => l.split(',').slice(0, 41).join(',')),
    ].join('\n') + '\n',
  );
}, 300_000);

describe('int8 scoring on NSL-KDD', () => {
  it('keeps the AUC within 0.002 of the float model (a3 score --quantize int8)', async (ctx) => {
    if (!nsl.available) return ctx.skip(nsl.reason);
    const floatOut = join(tmp.dir, 'float.csv');
    const int8Out = join(tmp.dir, 'int8.csv');
    await run(['score', model, testCsv, '--out', floatOut]);
    await run(['score', model, testCsv, '--out', int8Out, '--quantize', 'int8']);
    const f = scores(floatOut);
    const q = scores(int8Out);
    expect(f).toHaveLength(labels.length);
    expect(q).toHaveLength(labels.length);
    const aucF = rocAuc(labels, f);
    const aucQ = rocAuc(labels, q);
    expect(aucF).toBeGreaterThan(0.7); // a real model, not noise
    expect(Math.abs(aucF - aucQ)).toBeLessThanOrEqual(0.002);
    const maxDiff = Math.max(...f.map((v, i) => Math.abs(v - q[i])));
    expect(maxDiff).toBeGreaterThan(0); // int8 really ran
    expect(maxDiff).toBeLessThan(0.01);
  }, 120_000);

  it('exports an int8 model whose onnxruntime scores keep the AUC (a3 export --quantize int8)', async (ctx) => {
    if (!nsl.available) return ctx.skip(nsl.reason);
    const files = { float: join(tmp.dir, 'm.onnx'), int8: join(tmp.dir, 'm.int8.onnx') };
    await run(['export', model, '--onnx', files.float, '--onnx-inputs', 'tensor']);
    await run(['export', model, '--onnx', files.int8, '--onnx-inputs', 'tensor', '--quantize', 'int8']);
    const decoded = decodeModel(readFileSync(files.int8));
    expect(decoded.graph.nodes.some((n) => n.opType === 'MatMulInteger')).toBe(true);
    expect(decoded.metadataProps?.find((p) => p.key === 'a3.quantize')?.value).toBe('int8');
    expect(readFileSync(files.int8).length * 3).toBeLessThan(readFileSync(files.float).length);
    // The same unscaled one-hot features a3 score computes, straight from the test rows.
    const features = JSON.parse(
      decoded.metadataProps!.find((p) => p.key === 'a3.featureNames')!.value,
    ) as string[];
    const at = new Map(features.map((f, j) => [f, j]));
    const rows = readFileSync(testCsv, 'utf8').trimEnd().split('\n');
    const names = rows[0].split(',');
    const x = new Float32Array((rows.length - 1) * features.length);
    rows.slice(1).forEach((line, i) => {
      line.split(',').forEach((v, j) => {
        const slot = at.get(names[j]) ?? at.get(`${names[j]}=${v}`);
        if (slot !== undefined) x[i * features.length + slot] = at.has(names[j]) ? Number(v) : 1;
      });
    });
    const score = async (file: string): Promise<number[]> => {
      const s = await InferenceSession.create(file);
      const out: number[] = [];
      const n = rows.length - 1;
      for (let b = 0; b < n; b += 1024) {
        const m = Math.min(1024, n - b);
        const r = await s.run({
          [s.inputNames[0]]: new OrtTensor(
            'float32',
            x.subarray(b * features.length, (b + m) * features.length),
            [m, features.length],
          ),
        });
        out.push(...(r.score.data as Float32Array));
      }
      await s.release();
      return out;
    };
    const f = await score(files.float);
    const q = await score(files.int8);
    expect(Math.abs(rocAuc(labels, f) - rocAuc(labels, q))).toBeLessThanOrEqual(0.002);
    // a3 score's float scores are the exported float model's.
    const cli = scores(join(tmp.dir, 'float.csv'));
    expect(Math.max(...f.map((v, i) => Math.abs(v - cli[i])))).toBeLessThan(1e-5);
  }, 120_000);
});
