/**
 * scikit-learn's HalfBinomialLoss (binary log-loss on the raw log-odds), with its numerically
 * stable branches, per row with a sample weight.
 */

/** log(1 + e^x) as scikit-learn's log1pexp. */
export function log1pexp(x: number): number {
  if (x <= -37) return Math.exp(x);
  if (x <= -2) return Math.log1p(Math.exp(x));
  if (x <= 18) return Math.log(1 + Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x;
}

/**
 * Weighted gradients and hessians of the log-loss at the raw predictions, stored as float32 like
 * scikit-learn's G_H_DTYPE: g = w·(σ(raw) − y), h = w·σ(raw)(1 − σ(raw)).
 */
export function gradientHessian(
  y: Uint8Array,
  raw: Float64Array,
  weight: Float64Array,
  gradients: Float32Array,
  hessians: Float32Array,
): void {
  for (let i = 0; i < y.length; i++) {
    const r = raw[i];
    const t = y[i];
    let g: number;
    let h: number;
    if (r > -37) {
      const e = Math.exp(-r);
      g = (1 - t - t * e) / (1 + e);
      h = e / ((1 + e) * (1 + e));
    } else {
      h = Math.exp(r);
      g = h - t;
    }
    gradients[i] = weight[i] * g;
    hessians[i] = weight[i] * h;
  }
}

/** Weighted mean log-loss Σ w·(log(1 + e^raw) − y·raw) / Σ w (scikit-learn's loss __call__). */
export function meanLoss(y: Uint8Array, raw: Float64Array, weight: Float64Array): number {
  let total = 0;
  let weights = 0;
  for (let i = 0; i < y.length; i++) {
    total += weight[i] * (log1pexp(raw[i]) - y[i] * raw[i]);
    weights += weight[i];
  }
  return total / weights;
}

/**
 * The raw prediction of an intercept-only model: the log-odds of the weighted mean of y, clipped
 * away from 0 and 1 by 10 machine epsilons (scikit-learn's fit_intercept_only).
 */
export function baselineLogOdds(y: Uint8Array, weight: Float64Array): number {
  let positive = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    positive += y[i] * weight[i];
    total += weight[i];
  }
  const eps = 10 * Number.EPSILON;
  const p = Math.min(Math.max(positive / total, eps), 1 - eps);
  return Math.log(p / (1 - p));
}
