import { formatShape, ops, ShapeError, type Tensor } from '@a3/core';
import { perSample, reduceLoss, type LossOptions } from './reduce';

function sameShape(a: Tensor, b: Tensor, loss: string): void {
  if (a.shape.join(',') !== b.shape.join(',')) {
    throw new ShapeError(
      `${loss}: predictions ${formatShape(a.shape)} and targets ${formatShape(b.shape)} must have the same shape.`,
    );
  }
}

/**
 * Binary cross-entropy from logits, stable for any magnitude:
 * max(z, 0) − z·y + log(1 + exp(−|z|)). Averaged over features per sample, then reduced.
 */
export function bceWithLogits(logits: Tensor, labels: Tensor, options: LossOptions = {}): Tensor {
  sameShape(logits, labels, 'bceWithLogits');
  const elementwise = ops.sub(ops.softplus(logits), ops.mul(logits, labels));
  return reduceLoss(perSample(elementwise), options);
}

/** Probabilities are clipped to [ε, 1−ε] (ε = 1e-7, as Keras) before the log. */
export interface BceOptions extends LossOptions {
  epsilon?: number;
}

/** Binary cross-entropy on probabilities (prefer bceWithLogits when logits are at hand). */
export function bce(probs: Tensor, labels: Tensor, options: BceOptions = {}): Tensor {
  sameShape(probs, labels, 'bce');
  const eps = options.epsilon ?? 1e-7;
  const p = ops.minimum(ops.maximum(probs, eps), 1 - eps);
  const elementwise = ops.neg(
    ops.add(ops.mul(labels, ops.log(p)), ops.mul(ops.sub(1, labels), ops.log(ops.sub(1, p)))),
  );
  return reduceLoss(perSample(elementwise), options);
}

/** Mean squared error, averaged over features per sample, then reduced. */
export function mse(predictions: Tensor, targets: Tensor, options: LossOptions = {}): Tensor {
  sameShape(predictions, targets, 'mse');
  return reduceLoss(perSample(ops.square(ops.sub(predictions, targets))), options);
}
