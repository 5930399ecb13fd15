import { glorotUniform, gradients, Graph, ops, Rng, TensorData, zeros, type Feeds } from '@a3/core';
import { addAdam } from './adam';

export interface MlpOptions {
  seed?: number;
  inputs?: number;
  hidden?: number;
  activation?: 'tanh' | 'relu';
  lr?: number;
  /** Dropout rate on the hidden layer (seeded); 0 = none, so results match the reference. */
  dropout?: number;
}

/**
 * A 2-layer MLP classifier trained with Adam on BCE from logits: output "loss", update
 * group "train". Seeded: the same options build the same graph and initial weights.
 */
export function buildMlpTrainingGraph(options: MlpOptions = {}): Graph {
  const { seed = 1234, inputs = 8, hidden = 16, activation = 'tanh', lr = 1e-2, dropout = 0 } = options;
  const rng = new Rng(seed);
  const g = new Graph('testkit_mlp');
  const x = g.input('x', [-1, inputs]);
  const y = g.input('y', [-1, 1]);
  const w1 = g.variable('w1', glorotUniform(rng, [inputs, hidden]));
  const b1 = g.variable('b1', zeros([hidden]));
  const w2 = g.variable('w2', glorotUniform(rng, [hidden, 1]));
  const b2 = g.variable('b2', zeros([1]));
  const pre = ops.add(ops.matMul(x, w1), b1);
  let h = activation === 'tanh' ? ops.tanh(pre) : ops.relu(pre);
  if (dropout > 0) h = ops.dropout(h, dropout, seed + 1);
  const logits = ops.add(ops.matMul(h, w2), b2);
  const loss = ops.bceWithLogits(logits, y);
  g.output('loss', loss);
  g.output('logits', logits);
  const params = [w1, b1, w2, b2];
  addAdam(g, params, gradients(loss, params), { lr });
  return g;
}

/** Seeded synthetic binary data: a noisy linear rule with an interaction term. */
export function syntheticBinaryData(
  seed: number,
  rows: number,
  features = 8,
): { x: TensorData; y: TensorData } {
  const rng = new Rng(seed);
  const v = Array.from({ length: features }, () => rng.normal());
  const x = rng.normalTensor([rows, features]);
  const y = TensorData.float32([rows, 1]);
  for (let r = 0; r < rows; r++) {
    let s = 0.5 * x.data[r * features] * x.data[r * features + 1];
    for (let f = 0; f < features; f++) s += v[f] * x.data[r * features + f];
    y.data[r] = s + 0.3 * rng.normal() > 0 ? 1 : 0;
  }
  return { x, y };
}

/** `steps` feed sets cycling through mini-batches of the synthetic data. */
export function mlpFeeds(seed: number, steps: number, batch = 32, batches = 4, features = 8): Feeds[] {
  const { x, y } = syntheticBinaryData(seed, batch * batches, features);
  return Array.from({ length: steps }, (_, s) => {
    const k = s % batches;
    return { x: x.sliceRows(k * batch, (k + 1) * batch), y: y.sliceRows(k * batch, (k + 1) * batch) };
  });
}
