import { Graph, InvalidArgumentError, ShapeError, ops } from '@a3/core';
import { Dense, ParameterCollection, Sequential } from '@a3/nn';
import { afterEach, describe, expect, it } from 'vitest';
import '../index';
import { selectTaps, tapWidth } from '../taps/selection';
import { createTarget, listTargets, registerTarget, unregisterTarget, type TargetContext } from './target';

function ctx(inputShape: number[], options: TargetContext['options'] = {}): TargetContext {
  return { inputShape, seed: 7, options, scope: 'target', params: new ParameterCollection() };
}

function forward(name: string, c: TargetContext) {
  const target = createTarget(name, c);
  const g = new Graph();
  const x = g.input('x', [-1, ...c.inputShape]);
  return { target, x, f: target.apply(x, { training: false, trainable: false }) };
}

describe('built-in targets', () => {
  it('are registered on import', () => {
    expect(listTargets()).toEqual(expect.arrayContaining(['conv-ae', 'dense-ae', 'mlp-classifier']));
  });

  it('dense-ae on NSL-KDD width taps 725 hidden values with encoder/code/decoder roles', () => {
    const { f, target } = forward('dense-ae', ctx([122]));
    expect(f.taps.map((t) => tapWidth(t))).toEqual([200, 100, 50, 25, 50, 100, 200]);
    expect(f.taps.reduce((n, t) => n + tapWidth(t), 0)).toBe(725);
    expect(f.taps.map((t) => t.role)).toEqual([
      'encoder',
      'encoder',
      'encoder',
      'code',
      'decoder',
      'decoder',
      'decoder',
    ]);
    expect(f.output.shape).toEqual([-1, 122]);
    expect(f.output.node.op).toBe('Sigmoid');
    expect(target.params.names().every((n) => n.startsWith('target/'))).toBe(true);
  });

  it('conv-ae reproduces the reference shapes on 28×28×1: 28→14→7→4 and back via a valid conv', () => {
    const { f } = forward('conv-ae', ctx([28, 28, 1]));
    expect(f.taps.map((t) => [t.name, ...t.tensor.shape.slice(1)])).toEqual([
      ['encoder_1', 14, 14, 16],
      ['encoder_2', 7, 7, 8],
      ['code', 4, 4, 8],
      ['decoder_1', 4, 4, 8],
      ['decoder_2', 8, 8, 8],
      ['decoder_3', 14, 14, 16],
    ]);
    expect(f.taps.reduce((n, t) => n + tapWidth(t), 0)).toBe(7432);
    expect(f.output.shape).toEqual([-1, 28, 28, 1]);
  });

  it('conv-ae takes [H, W] images and small filter counts; refuses sizes it cannot reconstruct', () => {
    const { f } = forward('conv-ae', ctx([8, 8], { encoder: [2, 2], decoder: [2, 2] }));
    expect(f.output.shape).toEqual([-1, 8, 8]);
    expect(() => forward('conv-ae', ctx([10, 10]))).toThrow(ShapeError);
    expect(() => forward('conv-ae', ctx([100]))).toThrow(/height, width, channels/);
  });

  it('mlp-classifier taps its hidden layers and needs numClasses', () => {
    const { f, target } = forward('mlp-classifier', ctx([6], { hidden: [5, 4], numClasses: 3 }));
    expect(f.taps.map((t) => t.name)).toEqual(['hidden_1', 'hidden_2']);
    expect(target.labels?.shape).toEqual([3]);
    expect(Array.from(target.labels!.encode([2, 0]).data)).toEqual([0, 0, 1, 1, 0, 0]);
    expect(() => target.labels!.encode([3])).toThrow(/\[0, 3\)/);
    expect(() => forward('mlp-classifier', ctx([6]))).toThrow(/numClasses.*required/);
  });

  it('reject unknown options with the list of valid ones', () => {
    expect(() => forward('dense-ae', ctx([4], { layers: [3] }))).toThrow(/unknown option "layers".*encoder/);
    expect(() => forward('dense-ae', ctx([4], { encoder: [0] }))).toThrow(InvalidArgumentError);
  });
});

describe('tap selection', () => {
  const { f } = forward('dense-ae', ctx([10], { encoder: [6, 4, 2] }));

  it('selects all, by role or by name, in network order', () => {
    expect(selectTaps(f.taps, 'all').map((t) => t.name)).toEqual([
      'encoder_1',
      'encoder_2',
      'code',
      'decoder_1',
      'decoder_2',
    ]);
    expect(selectTaps(f.taps, { roles: ['code', 'encoder'] }).map((t) => t.name)).toEqual([
      'encoder_1',
      'encoder_2',
      'code',
    ]);
    expect(selectTaps(f.taps, { names: ['decoder_2', 'code'] }).map((t) => t.name)).toEqual([
      'code',
      'decoder_2',
    ]);
  });

  it('fails on roles or names that match nothing, listing the taps', () => {
    expect(() => selectTaps(f.taps, { roles: ['bottleneck'] })).toThrow(
      /No tap has role "bottleneck".*code \(code\)/,
    );
    expect(() => selectTaps(f.taps, { names: ['dense_1'] })).toThrow(/No tap is named "dense_1"/);
  });
});

describe('target registry', () => {
  afterEach(() => unregisterTarget('tiny-seq'));

  it('adapts a Sequential: taps exclude the sigmoid output, loss is reconstruction BCE', () => {
    registerTarget(
      'tiny-seq',
      (c) =>
        new Sequential(
          [new Dense(3, { activation: 'relu', role: 'code' }), new Dense(4, { activation: 'sigmoid' })],
          {
            name: c.scope,
            params: c.params,
            seed: c.seed,
          },
        ),
    );
    const { f, target, x } = forward('tiny-seq', ctx([4]));
    expect(f.taps.map((t) => [t.name, t.role])).toEqual([['dense_1', 'code']]);
    const loss = target.loss(f, x);
    expect(loss.shape).toEqual([]);
    // Softplus(z) - z·x is how stable BCE-from-logits reads in the graph.
    expect(JSON.stringify(x.graph.nodes.map((n) => n.op))).toContain('"Exp"');
  });

  it('refuses duplicate names unless overridden, and unknown names list what exists', () => {
    registerTarget('tiny-seq', () => new Sequential([new Dense(1)]));
    expect(() => registerTarget('tiny-seq', () => new Sequential([new Dense(2)]))).toThrow(
      /already registered/,
    );
    registerTarget('tiny-seq', () => new Sequential([new Dense(2)]), { override: true });
    expect(() => createTarget('nope', ctx([4]))).toThrow(
      /Unknown target network "nope".*dense-ae.*registerTarget/,
    );
  });

  it('a Sequential that is not an autoencoder has no default loss', () => {
    registerTarget(
      'tiny-seq',
      (c) =>
        new Sequential([new Dense(2, { activation: 'relu' }), new Dense(1)], {
          name: c.scope,
          params: c.params,
        }),
    );
    const { f, target, x } = forward('tiny-seq', ctx([4]));
    expect(() => target.loss(f, x)).toThrow(/not an autoencoder/);
    expect(ops.mean(f.output).shape).toEqual([]);
  });
});
