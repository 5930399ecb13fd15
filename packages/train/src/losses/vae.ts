import { formatShape, ops, ShapeError, type Tensor } from '@a3/core';
import { reduceLoss, type Reduction } from './reduce';

export interface VaeLossInputs {
  /** The decoder's output before its sigmoid (for 'bce'), or its output (for 'mse'). */
  reconstruction: Tensor;
  /** What the decoder should reproduce (the encoder's input). */
  target: Tensor;
  /** Encoder mean μ and log-variance log σ², [N, latent]. */
  mean: Tensor;
  logVar: Tensor;
}

export interface VaeLossOptions {
  /** 'bce' (default, reconstruction given as logits) or 'mse'. */
  reconstructionLoss?: 'bce' | 'mse';
  /** Weight β of the KL term (default 1). */
  klWeight?: number;
  weights?: Tensor;
  reduction?: Reduction;
}

export interface VaeLoss {
  /** reconstruction + β·KL, reduced over the batch. */
  loss: Tensor;
  reconstruction: Tensor;
  kl: Tensor;
}

/**
 * The VAE objective per sample (Kingma & Welling; Keras's VAE example): the reconstruction
 * loss summed over features plus KL(N(μ, σ²) ‖ N(0, 1)) = −½ Σ (1 + log σ² − μ² − σ²).
 */
export function vaeLoss(inputs: VaeLossInputs, options: VaeLossOptions = {}): VaeLoss {
  const { reconstruction, target, mean, logVar } = inputs;
  if (reconstruction.shape.join(',') !== target.shape.join(',')) {
    throw new ShapeError(
      `vaeLoss: reconstruction ${formatShape(reconstruction.shape)} and target ${formatShape(target.shape)} differ.`,
    );
  }
  if (mean.rank !== 2 || mean.shape.join(',') !== logVar.shape.join(',')) {
    throw new ShapeError(
      `vaeLoss: mean ${formatShape(mean.shape)} and logVar ${formatShape(logVar.shape)} must both be [N, latent].`,
    );
  }
  const featureAxes = target.shape.map((_, i) => i).slice(1);
  const elementwise =
    (options.reconstructionLoss ?? 'bce') === 'bce'
      ? ops.sub(ops.softplus(reconstruction), ops.mul(reconstruction, target))
      : ops.square(ops.sub(reconstruction, target));
  const rec = ops.sum(elementwise, featureAxes);
  const kl = ops.mul(
    ops.sum(ops.sub(ops.add(logVar, 1), ops.add(ops.square(mean), ops.exp(logVar))), 1),
    -0.5,
  );
  const total = ops.add(rec, ops.mul(kl, options.klWeight ?? 1));
  const reduce = (t: Tensor) => reduceLoss(t, { weights: options.weights, reduction: options.reduction });
  return { loss: reduce(total), reconstruction: reduce(rec), kl: reduce(kl) };
}
