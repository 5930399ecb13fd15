import { ops, TensorData, type Tensor } from '@a3/core';

/** Squared distance of each representation row [N, R] to the centre c [R]: [N]. */
export function centreDistance(phi: Tensor, centre: Tensor): Tensor {
  return ops.sum(ops.square(ops.sub(phi, centre)), 1);
}

/**
 * Deep SAD's per-row objective (Ruff et al., ICLR 2020, eq. 4; the reference code's form):
 * unlabelled / normal rows (y = 0) ‖φ(x) − c‖²; labelled anomalies (y = 1)
 * η·(‖φ(x) − c‖² + ε)⁻¹, which pushes them away from the centre. y is [N, 1] or [N].
 */
export function sadLoss(phi: Tensor, centre: Tensor, y: Tensor, eta: number, eps: number): Tensor {
  const dist = centreDistance(phi, centre);
  const labels = ops.reshape(y, [-1]);
  const away = ops.div(eta, ops.add(dist, eps));
  return ops.add(ops.mul(ops.sub(1, labels), dist), ops.mul(labels, away));
}

/**
 * The hypersphere centre: the mean representation of the training rows (rows × R,
 * float64 sum), with coordinates closer to 0 than `eps` pushed to ±eps, because a
 * zero coordinate is trivially matched by zero weights (the reference code's fix; an exact
 * 0 goes to +eps).
 */
export function hypersphereCentre(rows: Float32Array, width: number, eps: number): TensorData<'float32'> {
  const n = rows.length / width;
  const c = new Float64Array(width);
  for (let i = 0; i < n; i++) for (let j = 0; j < width; j++) c[j] += rows[i * width + j];
  return TensorData.float32(
    [width],
    Array.from(c, (s) => {
      const m = s / n;
      return Math.abs(m) < eps ? (m < 0 ? -eps : eps) : m;
    }),
  );
}
