import { glorotUniform, Graph, gradients, ops, Rng, TensorData, zeros, type Tensor } from '@a3/core';

/**
 * The A³ alarm-network shape used for parity tests and benchmarks: Dense layers with ReLU,
 * dropout before a 1-unit logit, BCE from logits, and Adam written in IR primitives (as
 * torch.optim.Adam computes it), all seeded.
 */
export interface MlpOptions {
  inputs: number;
  hidden: readonly number[];
  dropout: number;
  learningRate: number;
  seed: number;
}

export const ALARM_MLP: MlpOptions = {
  inputs: 784,
  hidden: [1000, 500, 200, 75],
  dropout: 0.1,
  learningRate: 1e-3,
  seed: 2409,
};

function dense(g: Graph, rng: Rng, name: string, x: Tensor, units: number): { y: Tensor; params: Tensor[] } {
  const w = g.variable(`${name}/kernel`, glorotUniform(rng, [x.shape[1], units]));
  const b = g.variable(`${name}/bias`, zeros([units]));
  return { y: ops.add(ops.matMul(x, w), b), params: [w, b] };
}

/** In-graph Adam (β1 0.9, β2 0.999, ε 1e-7 as Keras) updating `params` from `grads` under group "train". */
export function adam(g: Graph, params: readonly Tensor[], grads: readonly Tensor[], lr: number): void {
  const [b1, b2, eps] = [0.9, 0.999, 1e-7];
  const t = g.variable('adam/t', TensorData.float32([], [0]), { trainable: false });
  const t1 = ops.add(t, 1);
  g.assign(t, t1, 'train');
  const c1 = ops.sub(1, ops.pow(g.constant(b1), t1));
  const c2 = ops.sub(1, ops.pow(g.constant(b2), t1));
  params.forEach((p, i) => {
    const node = p.node;
    const name = node.op === 'Variable' ? node.attrs.name : `p${i}`;
    const m = g.variable(`adam/m/${name}`, zeros(p.shape), { trainable: false });
    const v = g.variable(`adam/v/${name}`, zeros(p.shape), { trainable: false });
    const m1 = ops.add(ops.mul(m, b1), ops.mul(grads[i], 1 - b1));
    const v1 = ops.add(ops.mul(v, b2), ops.mul(ops.square(grads[i]), 1 - b2));
    const step = ops.div(ops.div(m1, c1), ops.add(ops.sqrt(ops.div(v1, c2)), eps));
    g.assign(m, m1, 'train');
    g.assign(v, v1, 'train');
    g.assign(p, ops.sub(p, ops.mul(step, lr)), 'train');
  });
}

/** Training graph: feeds x [N, inputs], y [N, 1]; outputs loss; updates group "train". */
export function mlpTrainGraph(o: MlpOptions = ALARM_MLP): Graph {
  const rng = new Rng(o.seed);
  const g = new Graph('mlp');
  const x = g.input('x', [-1, o.inputs]);
  const y = g.input('y', [-1, 1]);
  let h = x;
  const params: Tensor[] = [];
  o.hidden.forEach((units, i) => {
    const d = dense(g, rng, `dense${i}`, h, units);
    h = ops.relu(d.y);
    params.push(...d.params);
  });
  const out = dense(g, rng, 'logit', ops.dropout(h, o.dropout, o.seed), 1);
  params.push(...out.params);
  const loss = g.output('loss', ops.bceWithLogits(out.y, y));
  adam(g, params, gradients(loss, params), o.learningRate);
  return g;
}

/** Seeded batches: x uniform in [0, 1), labels 0/1. */
export function mlpBatch(rng: Rng, batch: number, inputs: number): { x: TensorData; y: TensorData } {
  const x = rng.uniformTensor([batch, inputs]);
  const y = TensorData.float32(
    [batch, 1],
    Array.from({ length: batch }, () => (rng.next() < 0.3 ? 1 : 0)),
  );
  return { x, y };
}
