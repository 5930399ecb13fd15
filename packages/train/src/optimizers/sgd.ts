import { InvalidArgumentError, ops, TensorData, zeros, type Graph } from '@a3/core';
import { checkPositive } from './adam';
import { guardedAssign, type ApplyGradientsOptions, type GradPair, type Optimizer } from './optimizer';

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
      for (const { name, variable, grad } of pairs) {
        let direction = grad;
        if (momentum > 0) {
          const b = graph.variable(`${prefix}/momentum/${name}`, zeros(variable.shape), { trainable: false });
          const b1 = ops.add(ops.mul(b, momentum), grad);
          guardedAssign(graph, b, b1, opts);
          direction = nesterov ? ops.add(grad, ops.mul(b1, momentum)) : b1;
        }
        guardedAssign(graph, variable, ops.sub(variable, ops.mul(direction, rate)), opts);
      }
    },
  };
}
