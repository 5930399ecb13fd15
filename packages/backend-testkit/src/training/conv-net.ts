import { glorotUniform, gradients, Graph, ops, Rng, zeros } from '@a3/core';

/**
 * A tiny conv autoencoder-like net: conv 3x3 → relu → maxpool → upsample → conv 3x3 →
 * sigmoid on 8x8x1, with outputs "y", "loss" and "grad/<param>" (and "grad/x").
 * Tiny on purpose: tfjs-cpu's conv backprop is the slowest kernel any backend has.
 */
export function buildConvNetGraph(seed = 99): { graph: Graph; params: string[] } {
  const rng = new Rng(seed);
  const g = new Graph('testkit_convnet');
  const x = g.input('x', [-1, 8, 8, 1]);
  const k1 = g.variable('k1', glorotUniform(rng, [3, 3, 1, 4]));
  const b1 = g.variable('b1', rng.uniformTensor([4], -0.1, 0.1));
  const k2 = g.variable('k2', glorotUniform(rng, [3, 3, 4, 1]));
  const b2 = g.variable('b2', zeros([1]));
  const h = ops.relu(ops.add(ops.conv2d(x, k1), b1));
  const up = ops.upSampling2d(ops.maxPool2d(h), 2);
  const y = ops.sigmoid(ops.add(ops.conv2d(up, k2), b2));
  const loss = ops.mean(ops.square(ops.sub(y, x)));
  g.output('y', y);
  g.output('loss', loss);
  const wrt = { k1, b1, k2, b2, x };
  const grads = gradients(loss, Object.values(wrt));
  Object.keys(wrt).forEach((name, i) => g.output(`grad/${name}`, grads[i]));
  return { graph: g, params: ['k1', 'b1', 'k2', 'b2'] };
}
