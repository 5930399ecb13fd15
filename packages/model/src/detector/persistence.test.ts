import '@a3/backend-onnx';
import '@a3/backend-tfjs';
import { FormatError, IOError, TensorData } from '@a3/core';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  A3Detector,
  decodeSafetensors,
  encodeSafetensors,
  MANIFEST_FILE,
  UnknownPluginError,
  WEIGHTS_FILE,
} from '../index';
import { syntheticProblem, TINY_CONFIG } from '../testing/synthetic';

const problem = syntheticProblem({ seed: 5, nNormalTrain: 300, nKnown: 10 });
const quick = {
  ...TINY_CONFIG,
  targetTraining: { ...TINY_CONFIG.targetTraining, epochs: 2 },
  alarmTraining: { ...TINY_CONFIG.alarmTraining, epochs: 2 },
};

function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

let root: string;
const fitted: Record<string, { dir: string; scores: Float32Array }> = {};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'a3-model-'));
  for (const backend of ['onnx', 'tfjs-cpu']) {
    const d = await new A3Detector(quick).fit(problem.train, { backend });
    d.setThreshold(0.25);
    d.preprocessing = { kind: 'min-max', min: [0], max: [1] };
    d.protocol = { normal: ['a'], known: ['b'], seed: 5 };
    const dir = join(root, backend);
    await d.save(dir);
    fitted[backend] = { dir, scores: await d.score(problem.test.x) };
    d.dispose();
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('save → load', () => {
  it.each([
    ['onnx', 'onnx', 1e-6],
    ['tfjs-cpu', 'tfjs-cpu', 1e-6],
    ['tfjs-cpu', 'onnx', 1e-4],
    ['onnx', 'tfjs-cpu', 1e-4],
  ])('saved on %s, loaded on %s: scores within %s', async (from, to, tol) => {
    const d = await A3Detector.load(fitted[from].dir, { backend: to });
    expect(d.backend?.name).toBe(to);
    expect(maxDiff(await d.score(problem.test.x), fitted[from].scores)).toBeLessThanOrEqual(tol);
    d.dispose();
  });

  it('restores threshold, preprocessing, protocol, config and taps', async () => {
    const d = await A3Detector.load(fitted.onnx.dir, { backend: 'onnx' });
    expect(d.threshold).toBe(0.25);
    expect(d.preprocessing).toEqual({ kind: 'min-max', min: [0], max: [1] });
    expect(d.protocol).toEqual({ normal: ['a'], known: ['b'], seed: 5 });
    expect(d.config.targetOptions).toEqual({ encoder: [32, 16, 8] });
    expect(d.inputShape).toEqual([8]);
    expect(d.taps.map((t) => t.name)).toEqual(['encoder_1', 'encoder_2', 'code', 'decoder_1', 'decoder_2']);
    expect((await d.predict(problem.test.x)).length).toBe(problem.test.y.length);
    d.dispose();
  });

  it('writes a3.json + weights.safetensors readable without a3 (plain JSON, standard safetensors)', async () => {
    expect((await readdir(fitted.onnx.dir)).sort()).toEqual([MANIFEST_FILE, WEIGHTS_FILE]);
    const manifest = JSON.parse(await readFile(join(fitted.onnx.dir, MANIFEST_FILE), 'utf8'));
    expect(manifest.format).toBe('a3-model');
    // The backend is recorded for information only; nothing in the architecture depends on it.
    expect(JSON.stringify({ ...manifest, training: {} })).not.toMatch(/onnx|tfjs/);
    const { tensors, metadata } = decodeSafetensors(await readFile(join(fitted.onnx.dir, WEIGHTS_FILE)));
    expect(metadata.format).toBe('a3-model');
    expect(tensors['target/code/kernel'].shape).toEqual([16, 8]);
    expect(tensors['alarm/logit/kernel'].shape).toEqual([32, 1]);
    expect(Object.keys(tensors).some((k) => k.startsWith('optimizer'))).toBe(false);
  });

  it('overwrites an existing model directory atomically and leaves no temp files', async () => {
    const d = await A3Detector.load(fitted.onnx.dir, { backend: 'onnx' });
    const dir = join(root, 'overwrite');
    await d.save(dir);
    d.setThreshold(0.75);
    await d.save(dir, { force: true });
    expect((await A3Detector.load(dir, { backend: 'onnx' })).threshold).toBe(0.75);
    expect((await readdir(root)).filter((n) => n.startsWith('.'))).toEqual([]);
    d.dispose();
  });

  it('refuses to replace a non-empty directory that is not an a3 model', async () => {
    const d = await A3Detector.load(fitted.onnx.dir, { backend: 'onnx' });
    const dir = join(root, 'precious');
    await rm(dir, { recursive: true, force: true });
    await writeFile(join(root, 'precious-file'), 'x');
    await expect(d.save(join(root, 'precious-file'))).rejects.toThrow(IOError);
    await import('node:fs/promises').then((fs) => fs.mkdir(dir));
    await writeFile(join(dir, 'notes.txt'), 'keep me');
    await expect(d.save(dir)).rejects.toThrow(/not an a3 model/);
    expect(existsSync(join(dir, 'notes.txt'))).toBe(true);
    d.dispose();
  });

  it('refuses to save or score before fit', async () => {
    const d = new A3Detector();
    await expect(d.save(join(root, 'never'))).rejects.toThrow(/not fitted/);
    await expect(d.score([[1]])).rejects.toThrow(/not fitted/);
  });
});

describe('exportOnnx', () => {
  it('writes a standalone ONNX model that onnxruntime runs without a3, with the same scores', async () => {
    const d = await A3Detector.load(fitted.onnx.dir, { backend: 'onnx' });
    const path = join(root, 'detector.onnx');
    await d.exportOnnx(path);
    const ort = (await import('onnxruntime-node' as string)) as {
      InferenceSession: { create(p: string): Promise<OrtSession> };
      Tensor: new (type: string, data: Float32Array, dims: number[]) => unknown;
    };
    const session = await ort.InferenceSession.create(path);
    const x = problem.test.x;
    const out = await session.run({ x: new ort.Tensor('float32', x.data as Float32Array, [...x.shape]) });
    expect(maxDiff(out.score.data, fitted.onnx.scores)).toBeLessThanOrEqual(1e-5);
    expect(session.inputNames).toEqual(['x']);
    d.dispose();
  });
});

interface OrtSession {
  inputNames: string[];
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: Float32Array }>>;
}

describe('corrupt or mismatched model files fail with clear errors', () => {
  async function copyModel(name: string): Promise<string> {
    const dir = join(root, name);
    const d = await A3Detector.load(fitted.onnx.dir, { backend: 'onnx' });
    await d.save(dir);
    d.dispose();
    return dir;
  }
  const load = (dir: string) => A3Detector.load(dir, { backend: 'onnx' });

  it('missing directory or a3.json → IOError naming the file', async () => {
    await expect(load(join(root, 'nowhere'))).rejects.toThrow(IOError);
    await expect(load(join(root, 'nowhere'))).rejects.toThrow(/a3\.json is missing/);
  });

  it('truncated weights → FormatError', async () => {
    const dir = await copyModel('truncated');
    await truncate(join(dir, WEIGHTS_FILE), 1000);
    await expect(load(dir)).rejects.toThrow(FormatError);
    await expect(load(dir)).rejects.toThrow(/truncated/);
  });

  it('header length beyond the file → FormatError', async () => {
    const dir = await copyModel('header');
    const bytes = await readFile(join(dir, WEIGHTS_FILE));
    bytes.writeBigUInt64LE(1n << 33n, 0);
    await writeFile(join(dir, WEIGHTS_FILE), bytes);
    await expect(load(dir)).rejects.toThrow(/header length .* runs beyond the end of the file/);
  });

  it('missing tensor → FormatError naming it', async () => {
    const dir = await copyModel('missing');
    const { tensors } = decodeSafetensors(await readFile(join(dir, WEIGHTS_FILE)));
    delete tensors['alarm/dense_2/bias'];
    await writeFile(join(dir, WEIGHTS_FILE), encodeSafetensors(tensors));
    await expect(load(dir)).rejects.toThrow(/missing tensor "alarm\/dense_2\/bias"/);
  });

  it('tensor shape mismatch → FormatError with both shapes', async () => {
    const dir = await copyModel('shape');
    const { tensors } = decodeSafetensors(await readFile(join(dir, WEIGHTS_FILE)));
    tensors['target/code/bias'] = TensorData.float32([9]);
    await writeFile(join(dir, WEIGHTS_FILE), encodeSafetensors(tensors));
    await expect(load(dir)).rejects.toThrow(
      /"target\/code\/bias" has shape \[9\] but a3\.json expects \[8\]/,
    );
  });

  it('architecture in a3.json that does not match the weights → FormatError', async () => {
    const dir = await copyModel('arch');
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
    manifest.config.alarm.hidden = [64, 16];
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
    await expect(load(dir)).rejects.toThrow(FormatError);
    await expect(load(dir)).rejects.toThrow(
      /"alarm\/dense_2\/kernel" has shape \[64, 32\] but the architecture needs \[64, 16\]/,
    );
  });

  it('non-finite weights, bad JSON and unknown target plugins are reported, not crashed on', async () => {
    const dir = await copyModel('nan');
    const { tensors } = decodeSafetensors(await readFile(join(dir, WEIGHTS_FILE)));
    tensors['alarm/logit/bias'] = TensorData.float32([1], [Number.NaN]);
    await writeFile(join(dir, WEIGHTS_FILE), encodeSafetensors(tensors));
    await expect(load(dir)).rejects.toThrow(/non-finite/);

    const bad = await copyModel('json');
    await writeFile(join(bad, MANIFEST_FILE), '{"format": "a3-model", ');
    await expect(load(bad)).rejects.toThrow(/not valid JSON/);

    const plugin = await copyModel('plugin');
    const manifest = JSON.parse(await readFile(join(plugin, MANIFEST_FILE), 'utf8'));
    manifest.config.target = 'my-missing-plugin';
    await writeFile(join(plugin, MANIFEST_FILE), JSON.stringify(manifest));
    await expect(load(plugin)).rejects.toThrow(UnknownPluginError);
    await expect(load(plugin)).rejects.toThrow(/import the plugin package/);

    manifest.formatVersion = 99;
    await writeFile(join(plugin, MANIFEST_FILE), JSON.stringify(manifest));
    await expect(load(plugin)).rejects.toThrow(/newer than this @a3\/model/);
  });
});
