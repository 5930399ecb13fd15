import { formatShape, InvalidArgumentError, ops, ShapeError, type Tensor } from '@a3/core';

/**
 * 'mean' (default): mean over the batch of the per-sample losses (Keras's
 * sum_over_batch_size, also with sample weights); 'sum': their sum; 'none': the [N]
 * per-sample losses (for the fit loop, which then applies sample/class weights itself).
 */
export type Reduction = 'mean' | 'sum' | 'none';

export interface LossOptions {
  /** Per-sample weights, [N] or [N, 1]. */
  weights?: Tensor;
  reduction?: Reduction;
}

/** Per-element losses [N, ...] → per-sample [N] (mean over the feature axes). */
export function perSample(elementwise: Tensor): Tensor {
  if (elementwise.rank === 0) throw new ShapeError('A loss needs a batch dimension; got a scalar.');
  if (elementwise.rank === 1) return elementwise;
  return ops.mean(elementwise, elementwise.shape.map((_, i) => i).slice(1));
}

export function reduceLoss(samples: Tensor, options: LossOptions = {}): Tensor {
  let l = samples;
  if (options.weights) {
    const w =
      options.weights.rank === 2 && options.weights.shape[1] === 1
        ? ops.reshape(options.weights, [-1])
        : options.weights;
    if (w.rank !== 1) {
      throw new ShapeError(
        `Sample weights must be [N] or [N, 1]; got ${formatShape(options.weights.shape)}.`,
      );
    }
    l = ops.mul(l, w);
  }
  const reduction = options.reduction ?? 'mean';
  switch (reduction) {
    case 'mean':
      return ops.mean(l);
    case 'sum':
      return ops.sum(l);
    case 'none':
      return l;
    default:
      throw new InvalidArgumentError(
        `Unknown reduction "${String(reduction)}"; use 'mean', 'sum' or 'none'.`,
      );
  }
}
