import { InvalidArgumentError, ops, TensorData, type Graph, type Tensor } from '@a3/core';

export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Update group of every assignment (run with `updates: [group]` to train, `false` to evaluate). */
  group?: string;
}

/**
 * Adam written in primitives (the testkit must not depend on @a3/train): moments m, v and a
 * step count t as non-trainable variables, bias correction through Pow, so the update
 * exercises Variable/assign/Pow/Sqrt/Div on every backend exactly as a training loop does.
 */
export function addAdam(
  graph: Graph,
  params: readonly Tensor[],
  grads: readonly Tensor[],
  options: AdamOptions = {},
): void {
  const { lr = 1e-2, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, group = 'train' } = options;
  if (params.length !== grads.length)
    throw new InvalidArgumentError('addAdam: one gradient per parameter is needed.');
  const t = graph.variable('adam/t', TensorData.scalar(0), { trainable: false });
  const t1 = ops.add(t, 1);
  const c1 = ops.sub(1, ops.pow(beta1, t1));
  const c2 = ops.sub(1, ops.pow(beta2, t1));
  params.forEach((p, i) => {
    const node = p.node;
    if (node.op !== 'Variable') throw new InvalidArgumentError(`addAdam: parameter ${p} is not a variable.`);
    const name = node.attrs.name;
    const m = graph.variable(`adam/m/${name}`, TensorData.float32(p.shape), { trainable: false });
    const v = graph.variable(`adam/v/${name}`, TensorData.float32(p.shape), { trainable: false });
    const g = grads[i];
    const m1 = ops.add(ops.mul(m, beta1), ops.mul(g, 1 - beta1));
    const v1 = ops.add(ops.mul(v, beta2), ops.mul(ops.square(g), 1 - beta2));
    const step = ops.div(ops.mul(ops.div(m1, c1), lr), ops.add(ops.sqrt(ops.div(v1, c2)), epsilon));
    graph.assign(m, m1, group);
    graph.assign(v, v1, group);
    graph.assign(p, ops.sub(p, step), group);
  });
  graph.assign(t, t1, group);
}
