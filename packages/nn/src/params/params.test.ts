import { describe, expect, it } from 'vitest';
import '@a3/backend-tfjs';
import { getBackend, Graph, TensorData, FormatError } from '@a3/core';
import { referenceRun } from '@a3/backend-testkit';
import {
  Dense,
  Dropout,
  ParameterCollection,
  paramsFromSafetensors,
  paramsToSafetensors,
  Sequential,
} from '../index';

describe('ParameterCollection', () => {
  it('readFrom/writeTo move weights between the host and an executable by name', async () => {
    const backend = await getBackend('tfjs-cpu');
    const model = new Sequential([new Dense(2)], { name: 'm', seed: 1 });
    const g = new Graph();
    g.output('y', model.apply(g.input('x', [-1, 3])).output);
    const exec = await backend.compile(g);
    try {
      const k = TensorData.float32([3, 2], [1, 2, 3, 4, 5, 6]);
      await exec.writeVariables({ 'm/dense_1/kernel': k });
      expect(await model.params.readFrom(exec)).toEqual(['m/dense_1/kernel', 'm/dense_1/bias']);
      expect(model.params.get('m/dense_1/kernel').toArray()).toEqual(k.toArray());
      model.params.set('m/dense_1/bias', TensorData.float32([2], [10, 20]));
      await model.params.writeTo(exec);
      const y = (await exec.run({ x: TensorData.float32([1, 3], [1, 1, 1]) })).y.toArray();
      expect(y).toEqual([1 + 3 + 5 + 10, 2 + 4 + 6 + 20]);
    } finally {
      exec.dispose();
    }
  });

  it('round-trips through safetensors (also from a Node Buffer) and rejects corrupt files', () => {
    const p = new ParameterCollection({
      'a/kernel': TensorData.float32([2, 3], [1, -2, 3.5, 4, 5, 6]),
      'a/bias': TensorData.float32([3], [0.25, 0, -1]),
      steps: TensorData.int32([1], [7]),
    });
    const bytes = paramsToSafetensors(p, { epoch: '3' });
    const headerLen = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLen) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen)));
    expect(header['a/kernel']).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [12, 36] }); // sorted: a/bias first
    const padded = Buffer.concat([Buffer.alloc(3), Buffer.from(bytes)]).subarray(3);
    const back = paramsFromSafetensors(padded);
    expect(back.metadata).toEqual({ epoch: '3' });
    expect(back.params.names().sort()).toEqual(['a/bias', 'a/kernel', 'steps']);
    for (const n of p.names()) {
      expect(back.params.get(n).dtype).toBe(p.get(n).dtype);
      expect(back.params.get(n).shape).toEqual(p.get(n).shape);
      expect(back.params.get(n).toArray()).toEqual(p.get(n).toArray());
    }
    expect(() => paramsFromSafetensors(bytes.subarray(0, 20))).toThrow(FormatError);
  });
});

describe('layer numerics (float64 reference)', () => {
  it('Dense computes act(x·W + b) with the collection weights', () => {
    const model = new Sequential([new Dense(2, { activation: 'relu' })], { name: 'd' });
    model.params.set('d/dense_1/kernel', TensorData.float32([2, 2], [1, -1, 2, 0.5]));
    model.params.set('d/dense_1/bias', TensorData.float32([2], [0.5, -3]));
    const g = new Graph();
    const r = model.apply(g.input('x', [-1, 2]));
    g.output('y', r.output);
    g.output('z', r.logits);
    const out = referenceRun(g, { x: TensorData.float32([2, 2], [1, 2, -1, 0]) });
    expect(Array.from(out.z.data)).toEqual([1 + 4 + 0.5, -1 + 1 - 3, -1 + 0.5, 1 - 3]);
    expect(Array.from(out.y.data)).toEqual([5.5, 0, 0, 0]);
  });

  it('dropout: identity at inference; zeros and 1/(1-rate) scaling in training', async () => {
    const model = new Sequential([new Dropout(0.5)], { name: 'do', seed: 3 });
    const x = TensorData.fill([4, 50], 1);
    const g = new Graph();
    const xi = g.input('x', [-1, 50]);
    g.output('infer', model.apply(xi, { training: false }).output);
    g.output('train', model.apply(xi, { training: true }).output);
    const backend = await getBackend('tfjs-cpu');
    const exec = await backend.compile(g);
    try {
      const a = await exec.run({ x });
      expect(a.infer.toArray()).toEqual(x.toArray());
      const t = a.train.toArray();
      expect(new Set(t)).toEqual(new Set([0, 2]));
      const kept = t.filter((v) => v === 2).length / t.length;
      expect(kept).toBeGreaterThan(0.3);
      expect(kept).toBeLessThan(0.7);
      const b = await exec.run({ x });
      expect(b.train.toArray()).not.toEqual(t); // fresh mask every run
    } finally {
      exec.dispose();
    }
  });
});
