// The README's example, kept runnable.
import { expect, it } from 'vitest';
import '@a3/backend-tfjs'; // registers tfjs-cpu
import { getBackend, TensorData } from '@a3/core';
import { Dense, Sequential } from '@a3/nn';
import { adam, bceWithLogits, fit } from './index';

it('README: XOR with an MLP', async () => {
  const backend = await getBackend('tfjs-cpu');
  const model = new Sequential([new Dense(8, { activation: 'tanh' }), new Dense(1)], { seed: 1 });
  const x = TensorData.fromRows([
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]);
  const y = TensorData.float32([4, 1], [0, 1, 1, 0]);

  const history = await fit({
    backend,
    params: model.params,
    buildLoss: ({ x, y, training }) =>
      bceWithLogits(model.apply(x, { training }).logits, y!, { reduction: 'none' }),
    optimizer: adam({ lr: 0.05 }),
    data: { x, y },
    epochs: 200,
    batchSize: 4,
    onProgress: (e) => {
      if (e.type === 'epoch' && e.epoch % 50 === 0)
        console.log(`epoch ${e.epoch}: loss ${e.loss.toFixed(4)}`);
    },
  });
  expect(history.loss[199]).toBeLessThan(0.1);
});
