import { glorotUniform, Graph, gradients, ops, Rng, zeros, type Tensor } from '@a3/core';
import { adam } from './mlp';

/**
 * The A³ MNIST target network's shape (benchmarks): conv 16/8/8 (3×3 same) each with 2×2 max-pool
 * and ReLU, conv 8/8/16 each with ReLU and 2×2 up-sampling, a 3×3 conv to one channel, BCE from
 * logits against the input, Adam.
 */
export function convAeTrainGraph(seed = 1): Graph {
  const rng = new Rng(seed);
  const g = new Graph('conv-ae');
  const x = g.input('x', [-1, 28, 28, 1]);
  const params: Tensor[] = [];
  const conv = (h: Tensor, cout: number, i: number) => {
    const k = g.variable(`conv${i}/kernel`, glorotUniform(rng, [3, 3, h.shape[3], cout]));
    const b = g.variable(`conv${i}/bias`, zeros([cout]));
    params.push(k, b);
    return ops.add(ops.conv2d(h, k), b);
  };
  let h: Tensor = x;
  [16, 8, 8].forEach((c, i) => (h = ops.relu(ops.maxPool2d(conv(h, c, i), { padding: 'same' }))));
  [8, 8, 16].forEach((c, i) => (h = ops.upSampling2d(ops.relu(conv(h, c, 3 + i)))));
  // 28 → 14 → 7 → 4 → 8 → 16 → 32: crop the centre 28×28 back.
  const logits = conv(ops.slice(h, [0, 2, 2, 0], [-1, 28, 28, -1]), 1, 6);
  const loss = g.output('loss', ops.bceWithLogits(logits, x));
  adam(g, params, gradients(loss, params), 1e-3);
  return g;
}
