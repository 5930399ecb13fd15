import { InvalidArgumentError, ops, type Tensor } from '@a3/core';
import { Dense, ParameterCollection, Sequential, seedFor, type ActivationName } from '@a3/nn';

export interface MlpSpec {
  /** Parameter-name prefix and scope ("devnet", "deepsad/encoder", ...). */
  name: string;
  /** Hidden layer widths. */
  hidden: readonly number[];
  /** Output width (a linear layer). */
  output: number;
  activation: ActivationName;
  /** Negative slope for leaky-relu. */
  alpha?: number;
  /** Biases on every layer (default true; Deep SAD's networks have none). */
  useBias?: boolean;
}

/**
 * Dense hidden layers with one activation, then a linear output layer; Glorot-uniform
 * weights seeded by (seed, parameter name), built at once so the weights exist before
 * any graph (save / load and the first training graph see the same values).
 */
export function mlp(
  spec: MlpSpec,
  seed: number,
  width: number,
  params = new ParameterCollection(),
): Sequential {
  const layer = { activation: spec.activation, alpha: spec.alpha, useBias: spec.useBias ?? true };
  const net = new Sequential(
    [...spec.hidden.map((u) => new Dense(u, layer)), new Dense(spec.output, { useBias: layer.useBias })],
    { name: spec.name, seed: seedFor(seed, spec.name), params },
  );
  return net.build([-1, width]);
}

/** Σ w² over the named graph variables (an L2 penalty's sum); apply the network first. */
export function sumOfSquares(x: Tensor, names: readonly string[]): Tensor {
  const g = x.graph;
  return names
    .map((n) => {
      const v = g.variables.get(n);
      if (!v)
        throw new InvalidArgumentError(`No variable "${n}" in graph "${g.name}"; apply the network first.`);
      return ops.sum(ops.square(v.tensor));
    })
    .reduce((a, b) => ops.add(a, b), g.constant(0));
}

/** Names of the kernels (not biases) of a Sequential's Dense layers, in layer order. */
export function kernelNames(net: Sequential): string[] {
  return net.layers.filter((l) => l instanceof Dense).map((l) => `${net.name}/${l.name}/kernel`);
}

/** Row-wise softmax of [N, K] logits, shifted by the row max so exp never overflows. */
export function softmax(logits: Tensor): Tensor {
  const e = ops.exp(ops.sub(logits, ops.max(logits, 1, true)));
  return ops.div(e, ops.sum(e, 1, true));
}

/** log Σ_k exp(v[:, k]) of [N, K] values, computed stably (max-shifted); [N]. */
export function logSumExp(v: Tensor): Tensor {
  const m = ops.max(v, 1, true);
  return ops.reshape(ops.add(m, ops.log(ops.sum(ops.exp(ops.sub(v, m)), 1, true))), [-1]);
}
