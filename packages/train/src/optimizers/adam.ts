import { InvalidArgumentError, ops, TensorData, zeros, type Graph } from '@a3/core';
import { stepGate, type ApplyGradientsOptions, type GradPair, type Optimizer } from './optimizer';

export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  beta1?: number;
  beta2?: number;
  /** Added to sqrt(v̂) (default 1e-7, Keras's default; PyTorch uses 1e-8). */
  epsilon?: number;
  /** State variable prefix (default "optimizer/adam"); distinct per optimiser in one graph. */
  prefix?: string;
}

export function checkPositive(name: string, v: number, opt: string): void {
  if (!(Number.isFinite(v) && v > 0))
    throw new InvalidArgumentError(`${opt}: ${name} must be a positive number; got ${v}.`);
}

/**
 * Adam with bias correction (Kingma & Ba; as PyTorch writes it):
 * t += 1; m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²; m̂ = m/(1-β1^t); v̂ = v/(1-β2^t);
 * w -= lr·m̂/(sqrt(v̂)+ε).
 *
 * The state variables `<prefix>/m/<name>` and `<prefix>/v/<name>` hold the moments scaled as
 * m/(1-β1) and v/(1-β2), which update as m ← β1·m + g and v ← β2·v + g²: two fewer
 * full-size passes per weight per step than the textbook form, the same weights (the scales
 * fold into the step size and ε, which are scalars).
 */
export function adam(options: AdamOptions = {}): Optimizer {
  const lr = options.lr ?? 1e-3;
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-7;
  checkPositive('lr', lr, 'adam');
  checkPositive('epsilon', epsilon, 'adam');
  for (const [n, b] of [
    ['beta1', beta1],
    ['beta2', beta2],
  ] as const) {
    if (!(b >= 0 && b < 1)) throw new InvalidArgumentError(`adam: ${n} must be in [0, 1); got ${b}.`);
  }
  const prefix = options.prefix ?? 'optimizer/adam';
  return {
    name: 'adam',
    prefix,
    config: { lr, beta1, beta2, epsilon },
    learningRateVariable: `${prefix}/lr`,
    applyGradients(graph: Graph, pairs: readonly GradPair[], opts: ApplyGradientsOptions = {}): void {
      const step = graph.variable(`${prefix}/step`, TensorData.scalar(0), { trainable: false });
      const rate = graph.variable(`${prefix}/lr`, TensorData.scalar(lr), { trainable: false });
      const group = opts.group ?? 'train';
      // Under a NaN guard a skipped step sees a zero gradient, β's of 1 and a step size of 0,
      // which leave m, v and w exactly as they were: one `where` per weight, not three.
      const gate = stepGate(opts);
      const t = ops.add(step, 1);
      // With M = m/(1−β1), V = v/(1−β2) and c_i = 1 − β_i^t, exactly:
      //   m̂/(sqrt(v̂)+ε) = k · M/(sqrt(V) + ε̂),  k = (1−β1)·sqrt(c2) / (c1·sqrt(1−β2)),
      //   ε̂ = ε·sqrt(c2)/sqrt(1−β2),
      // so the bias corrections and the moments' scales are scalars, and the per-weight work
      // is M: 2 passes, V: 3, w: 5.
      const c1 = ops.sub(1, ops.pow(beta1, t));
      const sqrtC2 = ops.sqrt(ops.sub(1, ops.pow(beta2, t)));
      const rootB2 = Math.sqrt(1 - beta2);
      const stepSize = gate.scalar(ops.div(ops.mul(rate, ops.mul(sqrtC2, (1 - beta1) / rootB2)), c1), 0);
      const epsHat = ops.mul(sqrtC2, epsilon / rootB2);
      const keep1 = gate.scalar(beta1, 1);
      const keep2 = gate.scalar(beta2, 1);
      for (const { name, variable, grad } of pairs) {
        const m = graph.variable(`${prefix}/m/${name}`, zeros(variable.shape), { trainable: false });
        const v = graph.variable(`${prefix}/v/${name}`, zeros(variable.shape), { trainable: false });
        const g = gate.grad(grad);
        const m1 = ops.add(ops.mul(m, keep1), g);
        const v1 = ops.add(ops.mul(v, keep2), ops.square(g));
        const w1 = ops.sub(variable, ops.mul(ops.div(m1, ops.add(ops.sqrt(v1), epsHat)), stepSize));
        graph.assign(m, m1, group);
        graph.assign(v, v1, group);
        graph.assign(variable, w1, group);
      }
      graph.assign(step, opts.guard ? ops.where(opts.guard, t, step) : t, group);
    },
  };
}
