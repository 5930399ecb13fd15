// The README's example, kept runnable.
import { expect, it } from 'vitest';
import { Graph } from '@a3/core';
import { Dense, Dropout, Sequential } from './index';

it('README: a dense autoencoder with taps', () => {
  const target = new Sequential(
    [
      new Dense(200, { activation: 'relu', role: 'encoder' }),
      new Dense(25, { activation: 'relu', role: 'code' }),
      new Dropout(0.1),
      new Dense(200, { activation: 'relu', role: 'decoder' }),
      new Dense(122, { activation: 'sigmoid' }),
    ],
    { name: 'target', seed: 2409 },
  );

  const g = new Graph('score');
  const x = g.input('x', [-1, 122]); // -1: the symbolic batch
  const { output, logits, taps } = target.apply(x, { training: false });
  expect(taps.map((t) => `${t.name}:${t.role ?? ''}`)).toEqual([
    'dense_1:encoder',
    'dense_2:code',
    'dense_3:decoder',
    'dense_4:',
  ]);
  expect(target.params.names().slice(0, 2)).toEqual(['target/dense_1/kernel', 'target/dense_1/bias']);
  expect(output.shape).toEqual([-1, 122]);
  expect(logits.shape).toEqual([-1, 122]);
});
