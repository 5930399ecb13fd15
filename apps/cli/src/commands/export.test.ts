import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeModel } from '@a3/backend-onnx';
import { readCsv, TabularPreprocessor } from '@a3/data';
import { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, scoreColumn, tempDir, trainSensorsModel } from '../testing/fixtures';

const tmp = tempDir('export');
let csv: string;
let model: string;

beforeAll(async () => {
  ({ csv, model } = await trainSensorsModel(tmp.dir, {
    rows: 300,
    extra: ['--known', 'spike', '--n-known', '5'],
  }));
}, 120_000);
afterAll(() => tmp.cleanup());

describe('a3 export', () => {
  it('--onnx-inputs tensor: an ONNX model whose scores equal a3 score on unscaled, one-hot features', async () => {
    const file = join(tmp.dir, 'out', 'model.onnx');
    const io = await run(['export', model, '--onnx', file, '--onnx-inputs', 'tensor', '--json']);
    const info = JSON.parse(io.stdout[0]) as {
      input: { name: string; featureNames: string[] };
      outputs: string[];
      threshold: number;
      oneHotOutside: string[];
    };
    expect(info.input.featureNames).toEqual(['site=north', 'site=south', 'temp', 'pressure', 'vibration']);
    expect(info.outputs).toEqual(['score', 'anomaly']);
    expect(info.oneHotOutside).toEqual(['site']);
    expect(readdirSync(join(tmp.dir, 'out'))).toEqual(['model.onnx']);

    // The features the exported graph takes: the model's preprocessing without its scaler.
    const manifest = JSON.parse(readFileSync(join(model, 'a3.json'), 'utf8')) as { preprocessing: object };
    const unscaled = TabularPreprocessor.fromJSON({ ...manifest.preprocessing, scaler: null });
    const x = unscaled.transform(await readCsv(csv));
    const session = await InferenceSession.create(file);
    const r = await session.run({ features: new OrtTensor('float32', x.data as Float32Array, [...x.shape]) });
    const onnxScores = r.score.data as Float32Array;
    const anomaly = r.anomaly.data as Float32Array;

    const scored = await run(['score', model, csv]);
    const a3Scores = scoreColumn(scored.stdout);
    expect(onnxScores).toHaveLength(a3Scores.length);
    a3Scores.forEach((s, i) => {
      expect(onnxScores[i]).toBeCloseTo(s, 5);
      expect(anomaly[i]).toBe(onnxScores[i] >= info.threshold ? 1 : 0);
    });
  });

  it('puts the scaling inside the graph and the feature layout in the metadata', async () => {
    const file = join(tmp.dir, 'plain.onnx');
    const io = await run(['export', model, '--onnx', file, '--onnx-inputs', 'tensor']);
    expect(io.stdout.join('\n')).toMatch(/scaling \(minmax\) is inside the graph/);
    expect(io.stdout.join('\n')).toMatch(/one-hot encoding of site stays outside/);
    const m = decodeModel(readFileSync(file));
    const meta = Object.fromEntries((m.metadataProps ?? []).map((p) => [p.key, p.value]));
    expect(JSON.parse(meta['a3.featureNames'] as string)).toHaveLength(5);
    expect(m.graph.inputs.map((i) => i.name)).toEqual(['features']);
    const ops = new Set(m.graph.nodes.map((n) => n.opType));
    for (const op of ['Sub', 'Mul', 'Add', 'MatMul', 'Sigmoid']) expect(ops).toContain(op);
  });
});
