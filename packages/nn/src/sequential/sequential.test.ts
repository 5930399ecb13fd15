import { describe, expect, it } from 'vitest';
import { Graph, ShapeError } from '@a3/core';
import {
  Activation,
  Conv2D,
  Dense,
  Dropout,
  Flatten,
  MaxPool2D,
  ParameterCollection,
  Reshape,
  Sequential,
  UpSampling2D,
} from '../index';

function denseAE(seed = 1): Sequential {
  return new Sequential(
    [
      new Dense(8, { activation: 'relu', role: 'encoder' }),
      new Dense(3, { activation: 'relu', role: 'code' }),
      new Dropout(0.1),
      new Dense(8, { activation: 'relu', role: 'decoder' }),
      new Dense(5, { activation: 'sigmoid' }),
    ],
    { name: 'target', seed },
  );
}

describe('Sequential', () => {
  it('names layers per class, infers input dims and returns taps and logits', () => {
    const m = denseAE();
    const g = new Graph();
    const r = m.apply(g.input('x', [-1, 5]));
    expect(m.layers.map((l) => l.name)).toEqual(['dense_1', 'dense_2', 'dropout_1', 'dense_3', 'dense_4']);
    expect(r.output.shape).toEqual([-1, 5]);
    expect(r.logits.node.op).toBe('Add');
    expect(r.output.node.op).toBe('Sigmoid');
    expect(r.taps.map((t) => [t.name, t.role, t.activation, t.tensor.shape[1]])).toEqual([
      ['dense_1', 'encoder', 'relu', 8],
      ['dense_2', 'code', 'relu', 3],
      ['dense_3', 'decoder', 'relu', 8],
      ['dense_4', undefined, 'sigmoid', 5],
    ]);
    expect(m.params.names()).toEqual([
      'target/dense_1/kernel',
      'target/dense_1/bias',
      'target/dense_2/kernel',
      'target/dense_2/bias',
      'target/dense_3/kernel',
      'target/dense_3/bias',
      'target/dense_4/kernel',
      'target/dense_4/bias',
    ]);
    expect(m.params.get('target/dense_1/kernel').shape).toEqual([5, 8]);
    expect(m.countParams()).toBe(5 * 8 + 8 + 8 * 3 + 3 + 3 * 8 + 8 + 8 * 5 + 5);
    expect(m.inputShape).toEqual([-1, 5]);
  });

  it('Glorot-uniform kernels within ±sqrt(6/(in+out)), zero biases', () => {
    const m = new Sequential([new Dense(300)], { seed: 3 });
    m.build([-1, 200]);
    const k = m.params.get('sequential/dense_1/kernel');
    const limit = Math.sqrt(6 / 500);
    const vals = k.toArray();
    expect(Math.max(...vals.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...vals.map(Math.abs))).toBeGreaterThan(limit * 0.98);
    // Uniform on ±limit: variance limit²/3.
    const variance = vals.reduce((s, v) => s + v * v, 0) / vals.length;
    expect(variance).toBeCloseTo((limit * limit) / 3, 4);
    expect(
      m.params
        .get('sequential/dense_1/bias')
        .toArray()
        .every((v) => v === 0),
    ).toBe(true);

    const c = new Sequential([new Conv2D(8, [3, 3])], { seed: 3 }).build([-1, 6, 6, 2]);
    const ck = c.params.get('sequential/conv2d_1/kernel');
    expect(ck.shape).toEqual([3, 3, 2, 8]);
    const climit = Math.sqrt(6 / (9 * 2 + 9 * 8));
    expect(Math.max(...ck.toArray().map(Math.abs))).toBeLessThanOrEqual(climit);
  });

  it('same seed → same weights; another seed → other weights; independent of build order', () => {
    const a = denseAE(7).build([-1, 5]);
    const b = denseAE(7).build([-1, 5]);
    const c = denseAE(8).build([-1, 5]);
    for (const n of a.params.names()) expect(b.params.get(n).toArray()).toEqual(a.params.get(n).toArray());
    expect(c.params.get('target/dense_1/kernel').toArray()).not.toEqual(
      a.params.get('target/dense_1/kernel').toArray(),
    );
    // A weight's value depends on (seed, name, shape) only, not on the other layers.
    const d = new Sequential([new Dense(8, { name: 'dense_1' })], { name: 'target', seed: 7 }).build([-1, 5]);
    expect(d.params.get('target/dense_1/kernel').toArray()).toEqual(
      a.params.get('target/dense_1/kernel').toArray(),
    );
  });

  it('conv AE shapes: Conv/Pool/UpSample/Flatten/Reshape', () => {
    const m = new Sequential([
      new Reshape([8, 8, 1]),
      new Conv2D(4, 3, { padding: 'same' }),
      new MaxPool2D(2),
      new Activation('relu'),
      new Conv2D(2, 3, { padding: 'same', activation: 'relu' }),
      new UpSampling2D(2),
      new Conv2D(1, 3, { padding: 'valid', strides: 2 }),
      new Flatten(),
    ]);
    const g = new Graph();
    const r = m.apply(g.input('x', [-1, 64]));
    expect(r.output.shape).toEqual([-1, 9]);
    expect(r.taps.map((t) => [t.name, t.tensor.shape])).toEqual([
      ['activation_1', [-1, 4, 4, 4]],
      ['conv2d_2', [-1, 4, 4, 2]],
    ]);
    expect(m.outputShape([-1, 64])).toEqual([-1, 9]);
    expect(() => new Sequential([new Dense(2)]).apply(new Graph().input('x', [-1, 2, 2]))).toThrow(
      ShapeError,
    );
  });

  it('dropout is the identity at inference and random only in training', () => {
    const m = denseAE();
    const g1 = new Graph();
    m.apply(g1.input('x', [-1, 5]), { training: false });
    expect(g1.nodes.some((n) => n.op === 'RandomUniform')).toBe(false);
    const g2 = new Graph();
    m.apply(g2.input('x', [-1, 5]), { training: true });
    expect(g2.nodes.filter((n) => n.op === 'RandomUniform')).toHaveLength(1);
  });

  it('shares weights by name within a graph and across graphs', () => {
    const m = denseAE();
    const g = new Graph();
    const x = g.input('x', [-1, 5]);
    m.apply(x, { training: true });
    m.apply(x, { training: false });
    expect(g.variables.size).toBe(8);
    const g2 = new Graph();
    m.apply(g2.input('x', [-1, 5]), { trainable: false });
    const v = g2.variables.get('target/dense_1/kernel')!;
    expect(v.trainable).toBe(false);
    expect(v.initialValue).toBe(m.params.get('target/dense_1/kernel'));
    // Another input width does not fit the built weights.
    expect(() => m.apply(new Graph().input('x', [-1, 6]))).toThrow(/target\/dense_1\/kernel/);
  });

  it('round-trips through JSON (config incl. names), weights separately', () => {
    const m = denseAE(11).build([-1, 5]);
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    expect(json.inputShape).toEqual([-1, 5]);
    const back = Sequential.fromJSON(json, { params: new ParameterCollection(m.params.toRecord()) });
    expect(back.toJSON()).toEqual(m.toJSON());
    const g = new Graph();
    back.apply(g.input('x', [-1, 5]));
    expect(g.variables.get('target/dense_4/kernel')!.initialValue.toArray()).toEqual(
      m.params.get('target/dense_4/kernel').toArray(),
    );
    expect(() =>
      Sequential.fromJSON({ ...json, layers: [{ className: 'Nope', config: { name: 'x' } }] }),
    ).toThrow(/Unknown layer class "Nope"/);
  });
});
