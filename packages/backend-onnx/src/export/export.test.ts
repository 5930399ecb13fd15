import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { glorotUniform, Graph, gradients, InvalidArgumentError, ops, Rng, TensorData, zeros } from '@a3/core';
import { decodeModel } from '../proto/decode';
import { tensorDataOf } from '../proto/tensor';
import { createOnnxBackend } from '../runtime/backend';
import { expectClose, values } from '../testing/run';
import { exportOnnx, readOnnxWeights, saveOnnx } from './export';

/** A small conv + dense classifier with an SGD update, so exported weights differ from the initial ones. */
function model() {
  const rng = new Rng(3);
  const g = new Graph('cls');
  const x = g.input('image', [-1, 6, 6, 1]);
  const y = g.input('label', [-1, 1]);
  const k = g.variable('conv/kernel', glorotUniform(rng, [3, 3, 1, 4]));
  const w = g.variable('dense/kernel', glorotUniform(rng, [36, 1]));
  const bias = g.variable('dense/bias', zeros([1]));
  const h = ops.maxPool2d(ops.relu(ops.conv2d(x, k)));
  const logits = ops.add(ops.matMul(ops.reshape(h, [-1, 36]), w), bias);
  g.output('score', ops.sigmoid(logits));
  const loss = g.output('loss', ops.bceWithLogits(logits, y));
  const params = [k, w, bias];
  gradients(loss, params).forEach((d, i) => g.assign(params[i], ops.sub(params[i], ops.mul(d, 0.5))));
  return g;
}

describe('exportOnnx', () => {
  it('writes a self-contained model any ORT session loads, matching the backend within 1e-5', async () => {
    const g = model();
    const exec = await (await createOnnxBackend({ threads: 1 })).compile(g);
    const image = TensorData.float32([5, 6, 6, 1], values(180, 9));
    const label = TensorData.float32([5, 1], [1, 0, 1, 1, 0]);
    for (let i = 0; i < 3; i++) await exec.run({ image, label });
    const trained = await exec.readVariables();
    const want = (await exec.run({ image, label }, { outputs: ['score'], updates: false })).score;

    const bytes = exportOnnx(g, trained, {
      outputs: ['score'],
      producer: 'a3-test',
      producerVersion: '9.9.9',
      metadata: { threshold: '0.5', 'a3.format': '1' },
    });
    const m = decodeModel(bytes);
    expect(m.irVersion).toBe(10);
    expect(m.opsetImports).toEqual([{ domain: '', version: 18 }]);
    expect(m.producerName).toBe('a3-test');
    expect(m.producerVersion).toBe('9.9.9');
    expect(m.metadataProps).toEqual([
      { key: 'threshold', value: '0.5' },
      { key: 'a3.format', value: '1' },
    ]);
    expect(m.graph.inputs.map((i) => i.name)).toEqual(['image']);
    expect(m.graph.inputs[0].type?.shape).toEqual(['N', 6, 6, 1]);
    expect(m.graph.outputs.map((o) => o.name)).toEqual(['score']);
    const baked = m.graph.initializers?.find((t) => t.name === 'dense/kernel');
    expect(tensorDataOf(baked!).toArray()).toEqual(trained['dense/kernel'].toArray());
    expect(readOnnxWeights(bytes)).toEqual(trained); // the score reads every variable

    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(['image']);
    const got = await session.run({ image: new ort.Tensor('float32', image.data, [5, 6, 6, 1]) });
    expectClose(got.score.data as Float32Array, want.data, 1e-5);
    await session.release();
    exec.dispose();
  });

  it('bakes initial values for variables not given, and checks names', () => {
    const g = model();
    const m = decodeModel(exportOnnx(g, {}, { outputs: ['score'], inputs: ['image', 'label'] }));
    expect(m.graph.inputs.map((i) => i.name)).toEqual(['image', 'label']);
    expect(() => exportOnnx(g, {}, { outputs: ['loss'], inputs: ['image'] })).toThrow(/need inputs label/);
    expect(() => exportOnnx(g, { nope: TensorData.float32([1]) })).toThrow(InvalidArgumentError);
    expect(() => exportOnnx(g, { 'dense/bias': TensorData.float32([2]) }, { outputs: ['score'] })).toThrow(
      /dense\/bias/,
    );
  });

  it('saveOnnx writes atomically (no temp file left) and the file loads by path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'a3-onnx-'));
    try {
      const path = join(dir, 'model.onnx');
      await saveOnnx(path, model(), {}, { outputs: ['score'] });
      expect(await readdir(dir)).toEqual(['model.onnx']);
      const session = await ort.InferenceSession.create(path);
      const r = await session.run({ image: new ort.Tensor('float32', new Float32Array(36), [1, 6, 6, 1]) });
      expect((r.score.data as Float32Array)[0]).toBeCloseTo(0.5, 5); // zero input, zero bias
      await session.release();
      await expect(saveOnnx(join(dir, 'missing', 'm.onnx'), model())).rejects.toThrow(
        /cannot write .*m\.onnx/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
