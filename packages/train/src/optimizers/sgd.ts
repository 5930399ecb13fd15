import { InvalidArgumentError, ops, TensorData, zeros, type Graph } from '@a3/core';
import { checkPositive } from './adam';
import { stepGate, type ApplyGradientsOptions, type GradPair, type Optimizer } from './optimizer';

export interface SgdOptions {
  /** Learning rate (default 0.01). */
  lr?: number;
  /** Momentum in [0, 1) (default 0: plain SGD). */
  momentum?: number;
  /** Nesterov momentum (Keras/PyTorch formulation). */
  nesterov?: boolean;
  prefix?: string;
}

/**
 * SGD, with optional momentum as PyTorch defines it: b = μ·b + g; w -= lr·b
 * (Nesterov: w -= lr·(g + μ·b)). Without momentum: w -= lr·g.
 */
export function sgd(options: SgdOptions = {}): Optimizer {
  const lr = options.lr ?? 0.01;
  const momentum = options.momentum ?? 0;
  const nesterov = options.nesterov ?? false;
  checkPositive('lr', lr, 'sgd');
  if (!(momentum >= 0 && momentum < 1))
    throw new InvalidArgumentError(`sgd: momentum must be in [0, 1); got ${momentum}.`);
  if (nesterov && momentum === 0) throw new InvalidArgumentError('sgd: nesterov needs a momentum > 0.');
  const prefix = options.prefix ?? 'optimizer/sgd';
  return {
    name: 'sgd',
    prefix,
    config: { lr, momentum, nesterov },
    learningRateVariable: `${prefix}/lr`,
    applyGradients(graph: Graph, pairs: readonly GradPair[], opts: ApplyGradientsOptions = {}): void {
      const rate = graph.variable(`${prefix}/lr`, TensorData.scalar(lr), { trainable: false });
      const group = opts.group ?? 'train';
      // A skipped step (NaN guard) sees a zero gradient, μ·b with μ = 1 and a rate of 0: b and w
      // stay exactly as they were, at one `where` per weight.
      const gate = stepGate(opts);
      const stepRate = gate.scalar(rate, 0);
      const keep = gate.scalar(momentum, 1);
      for (const { name, variable, grad } of pairs) {
        const g = gate.grad(grad);
        let direction = g;
        if (momentum > 0) {
          const b = graph.variable(`${prefix}/momentum/${name}`, zeros(variable.shape), { trainable: false });
          const b1 = ops.add(ops.mul(b, keep), g);
          graph.assign(b, b1, group);
          direction = nesterov ? ops.add(g, ops.mul(b1, momentum)) : b1;
        }
        graph.assign(variable, ops.sub(variable, ops.mul(direction, stepRate)), group);
      }
    },
  };
}
