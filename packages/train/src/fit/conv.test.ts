import { expect, it } from 'vitest';
import '@a3/backend-tfjs';
import { getBackend, Rng } from '@a3/core';
import { Activation, Conv2D, Flatten, MaxPool2D, Reshape, Sequential, UpSampling2D } from '@a3/nn';
import { adam, fit } from '../index';

it('trains a tiny conv autoencoder (Conv2D, MaxPool2D, UpSampling2D) on tfjs-cpu', async () => {
  const backend = await getBackend('tfjs-cpu');
  const model = new Sequential(
    [
      new Reshape([4, 4, 1]),
      new Conv2D(2, 3, { padding: 'same' }),
      new MaxPool2D(2),
      new Activation('relu', { role: 'encoder' }),
      new UpSampling2D(2),
      new Conv2D(1, 3, { padding: 'same', activation: 'sigmoid' }),
      new Flatten(),
    ],
    { name: 'cae', seed: 5 },
  );
  const rng = new Rng(1);
  const x = rng.uniformTensor([8, 16], 0, 1);
  const h = await fit({
    backend,
    model,
    loss: 'bce',
    optimizer: adam({ lr: 0.05 }),
    data: { x },
    epochs: 8,
    batchSize: 4,
  });
  expect(h.loss[7]).toBeLessThan(h.loss[0]);
  expect(model.params.get('cae/conv2d_1/kernel').shape).toEqual([3, 3, 1, 2]);
});
