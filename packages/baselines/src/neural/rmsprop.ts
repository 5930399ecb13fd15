import { InvalidArgumentError, ops, TensorData, zeros, type Graph, type Tensor } from '@a3/core';
import { stepGate, type ApplyGradientsOptions, type GradPair, type Optimizer } from '@a3/train';

export interface RmspropOptions {
  /** Learning rate (default 1e-3, Keras's). */
  lr?: number;
  /** Decay of the squared-gradient average (default 0.9). */
  rho?: number;
  /** Added to sqrt(a) (default 1e-7, Keras's K.epsilon()). */
  epsilon?: number;
  /** Rescale all gradients together when their global L2 norm exceeds this (Keras 2 `clipnorm`). */
  clipNorm?: number;
  /** State variable prefix (default "optimizer/rmsprop"). */
  prefix?: string;
}

/**
 * RMSprop as Keras 2 writes it (DevNet's reference code trains with
 * `RMSprop(clipnorm=1.)`): a ← ρ·a + (1−ρ)·g²; w ← w − lr·g/(sqrt(a) + ε). With `clipNorm`,
 * every gradient is first scaled by min(1, clipNorm/‖g‖) where ‖g‖ is the norm over all
 * gradients together — Keras ≤ 2.3's `get_gradients`, not tf.keras's per-tensor clipping.
 * @a3/train has Adam and SGD only; this is a graph builder like them, so it runs on every backend.
 */
export function rmsprop(options: RmspropOptions = {}): Optimizer {
  const lr = options.lr ?? 1e-3;
  const rho = options.rho ?? 0.9;
  const epsilon = options.epsilon ?? 1e-7;
  const clipNorm = options.clipNorm;
  for (const [name, v] of [
    ['lr', lr],
    ['epsilon', epsilon],
    ['clipNorm', clipNorm ?? 1],
  ] as const) {
    if (!(Number.isFinite(v) && v > 0)) {
      throw new InvalidArgumentError(`rmsprop: ${name} must be a positive number; got ${v}.`);
    }
  }
  if (!(rho >= 0 && rho < 1)) throw new InvalidArgumentError(`rmsprop: rho must be in [0, 1); got ${rho}.`);
  const prefix = options.prefix ?? 'optimizer/rmsprop';
  return {
    name: 'rmsprop',
    prefix,
    config: { lr, rho, epsilon, clipNorm: clipNorm ?? 0 },
    learningRateVariable: `${prefix}/lr`,
    applyGradients(graph: Graph, pairs: readonly GradPair[], opts: ApplyGradientsOptions = {}): void {
      const rate = graph.variable(`${prefix}/lr`, TensorData.scalar(lr), { trainable: false });
      const group = opts.group ?? 'train';
      // A skipped step (NaN guard) sees g = 0, a decay of 1 and a step of 0: nothing changes.
      const gate = stepGate(opts);
      const grads = pairs.map((p) => gate.grad(p.grad));
      let scale: Tensor | number = 1;
      if (clipNorm !== undefined && grads.length > 0) {
        const sq = grads.map((g) => ops.sum(ops.square(g))).reduce((a, b) => ops.add(a, b));
        // clipNorm / max(‖g‖, clipNorm) = min(1, clipNorm / ‖g‖), and 1 when ‖g‖ = 0.
        scale = ops.div(clipNorm, ops.maximum(ops.sqrt(sq), clipNorm));
      }
      const keep = gate.scalar(rho, 1);
      const fresh = gate.scalar(1 - rho, 0);
      const step = gate.scalar(rate, 0);
      pairs.forEach(({ name, variable }, i) => {
        const a = graph.variable(`${prefix}/a/${name}`, zeros(variable.shape), { trainable: false });
        const g = scale === 1 ? grads[i] : ops.mul(grads[i], scale);
        const a1 = ops.add(ops.mul(a, keep), ops.mul(ops.square(g), fresh));
        const w1 = ops.sub(variable, ops.mul(ops.div(g, ops.add(ops.sqrt(a1), epsilon)), step));
        graph.assign(a, a1, group);
        graph.assign(variable, w1, group);
      });
    },
  };
}
