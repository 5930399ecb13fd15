import { ops, TensorData, type Tensor } from '@a3/core';
import { logSumExp } from '../neural/mlp';

const LOG_2PI = Math.log(2 * Math.PI);
/** Keeps a component with (numerically) no mass from dividing 0 by 0 or taking log 0. */
const TINY = 1e-12;

/**
 * DAGMM's in-batch mixture and sample energy (Zong et al., ICLR 2018, eqs. 5–6), in the IR:
 * φ_k = mean γ_ik, μ_k = Σ γ_ik z_i / Σ γ_ik, Σ_k = Σ γ_ik (z_i − μ_k)(z_i − μ_k)ᵀ / Σ γ_ik
 * (+ covEps·I), E(z) = −log Σ_k φ_k N(z | μ_k, Σ_k).
 *
 * Full covariances through an explicit Cholesky factorisation unrolled over the D ≤ ~10
 * feature coordinates: every entry is a [K] (or [N, K]) tensor and only elementwise ops,
 * so no determinant or inverse primitive is needed and every backend can differentiate
 * it. log|Σ_k| = 2 Σ log L_ii; the Mahalanobis term by forward substitution; the sum over
 * components by log-sum-exp. A pivot below covEps (only possible by rounding, since
 * Σ + covEps·I has every pivot ≥ covEps) is clamped to it.
 * Returns the energy per row [N] and the penalty Σ_k Σ_j 1/Σ_k,jj (scalar).
 */
export function batchGmmEnergy(
  z: Tensor,
  gamma: Tensor,
  covEps: number,
): { energy: Tensor; inverseDiagonal: Tensor } {
  const D = z.shape[1];
  const K = gamma.shape[1];
  const mass = ops.add(ops.sum(gamma, 0), TINY); // [K]
  const phi = ops.mean(gamma, 0);
  const mu = ops.div(ops.matMul(gamma, z, { transposeA: true }), ops.reshape(mass, [K, 1])); // [K, D]
  const diff = Array.from({ length: D }, (_, i) =>
    ops.sub(ops.slice(z, [0, i], [-1, 1]), ops.reshape(ops.slice(mu, [0, i], [K, 1]), [1, K])),
  ); // D × [N, K]
  const cov = (i: number, j: number): Tensor => {
    const c = ops.div(ops.sum(ops.mul(gamma, ops.mul(diff[i], diff[j])), 0), mass);
    return i === j ? ops.add(c, covEps) : c;
  };
  // Cholesky Σ_k = L Lᵀ, all K components at once.
  const L: Tensor[][] = [];
  const diag: Tensor[] = [];
  for (let i = 0; i < D; i++) {
    L.push([]);
    for (let j = 0; j <= i; j++) {
      const cij = cov(i, j);
      if (i === j) diag.push(cij);
      let s = cij;
      for (let k = 0; k < j; k++) s = ops.sub(s, ops.mul(L[i][k], L[j][k]));
      L[i].push(i === j ? ops.sqrt(ops.maximum(s, covEps)) : ops.div(s, L[j][j]));
    }
  }
  const halfLogDet = L.map((row, i) => ops.log(row[i])).reduce((a, b) => ops.add(a, b)); // ½ log|Σ_k|, [K]
  const u: Tensor[] = [];
  for (let i = 0; i < D; i++) {
    let r = diff[i];
    for (let k = 0; k < i; k++) r = ops.sub(r, ops.mul(L[i][k], u[k]));
    u.push(ops.div(r, L[i][i]));
  }
  const maha = u.map((t) => ops.square(t)).reduce((a, b) => ops.add(a, b)); // [N, K]
  const logComponent = ops.sub(ops.sub(ops.log(ops.add(phi, TINY)), halfLogDet), 0.5 * D * LOG_2PI);
  const logp = ops.sub(logComponent, ops.mul(maha, 0.5));
  const energy = ops.neg(logSumExp(logp));
  const inverseDiagonal = ops.sum(diag.map((d) => ops.div(1, d)).reduce((a, b) => ops.add(a, b)));
  return { energy, inverseDiagonal };
}

/** A fitted mixture: φ [K], μ [K, D], Σ [K, D, D] (without the covEps ridge). */
export interface GmmParams {
  phi: TensorData<'float32'>;
  mu: TensorData<'float32'>;
  cov: TensorData<'float32'>;
}

/**
 * The mixture of the training data (DAGMM scores with "φ, μ, Σ calculated from the
 * training samples"): the same estimates as in training, accumulated in float64 over all
 * rows of z [n, D] and γ [n, K] at once.
 */
export function fitGmm(z: Float32Array, gamma: Float32Array, D: number, K: number): GmmParams {
  const n = z.length / D;
  const mass = new Float64Array(K);
  const mu = new Float64Array(K * D);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < K; k++) {
      const g = gamma[r * K + k];
      mass[k] += g;
      for (let a = 0; a < D; a++) mu[k * D + a] += g * z[r * D + a];
    }
  }
  for (let k = 0; k < K; k++) for (let a = 0; a < D; a++) mu[k * D + a] /= mass[k] + TINY;
  const cov = new Float64Array(K * D * D);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < K; k++) {
      const g = gamma[r * K + k];
      for (let a = 0; a < D; a++) {
        const da = z[r * D + a] - mu[k * D + a];
        for (let b = 0; b <= a; b++) cov[(k * D + a) * D + b] += g * da * (z[r * D + b] - mu[k * D + b]);
      }
    }
  }
  for (let k = 0; k < K; k++) {
    for (let a = 0; a < D; a++) {
      for (let b = 0; b <= a; b++) {
        const v = cov[(k * D + a) * D + b] / (mass[k] + TINY);
        cov[(k * D + a) * D + b] = v;
        cov[(k * D + b) * D + a] = v;
      }
    }
  }
  return {
    phi: TensorData.float32(
      [K],
      Array.from(mass, (m) => m / n),
    ),
    mu: TensorData.float32([K, D], mu),
    cov: TensorData.float32([K, D, D], cov),
  };
}

/**
 * Energy [N] of rows z [N, D] under a fitted mixture. The factorisation is done once on the
 * host in float64 (W_k = L_k⁻¹ of Σ_k + covEps·I), so the graph is one matMul
 * (z·[W_1ᵀ … W_Kᵀ] − [W_k μ_k]) and a log-sum-exp over the components.
 */
export function gmmEnergy(z: Tensor, p: GmmParams, covEps: number): Tensor {
  const [K, D] = p.mu.shape;
  const w = new Float64Array(D * K * D); // [D, K·D]: column k·D + i holds row i of W_k
  const bias = new Float64Array(K * D);
  const logConst = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const S = Float64Array.from(
      { length: D * D },
      (_, e) => p.cov.data[k * D * D + e] + (e % (D + 1) === 0 ? covEps : 0),
    );
    const Lk = cholesky(S, D, covEps);
    const Wk = lowerInverse(Lk, D);
    let halfLogDet = 0;
    for (let i = 0; i < D; i++) halfLogDet += Math.log(Lk[i * D + i]);
    logConst[k] = Math.log(p.phi.data[k] + TINY) - halfLogDet - 0.5 * D * LOG_2PI;
    for (let i = 0; i < D; i++) {
      let b = 0;
      for (let a = 0; a < D; a++) {
        w[a * K * D + k * D + i] = Wk[i * D + a];
        b += Wk[i * D + a] * p.mu.data[k * D + a];
      }
      bias[k * D + i] = b;
    }
  }
  const g = z.graph;
  const u = ops.sub(
    ops.matMul(z, g.constant(TensorData.float32([D, K * D], w))),
    g.constant(TensorData.float32([K * D], bias)),
  );
  const maha = ops.sum(ops.reshape(ops.square(u), [-1, K, D]), 2);
  const logp = ops.sub(g.constant(TensorData.float32([K], logConst)), ops.mul(maha, 0.5));
  return ops.neg(logSumExp(logp));
}

/** Lower Cholesky factor of a symmetric D × D matrix; pivots below `floor` are clamped to it. */
function cholesky(S: Float64Array, D: number, floor: number): Float64Array {
  const L = new Float64Array(D * D);
  for (let i = 0; i < D; i++) {
    for (let j = 0; j <= i; j++) {
      let s = S[i * D + j];
      for (let k = 0; k < j; k++) s -= L[i * D + k] * L[j * D + k];
      L[i * D + j] = i === j ? Math.sqrt(Math.max(s, floor)) : s / L[j * D + j];
    }
  }
  return L;
}

/** Inverse of a lower-triangular matrix (also lower triangular), by forward substitution. */
function lowerInverse(L: Float64Array, D: number): Float64Array {
  const W = new Float64Array(D * D);
  for (let c = 0; c < D; c++) {
    for (let i = c; i < D; i++) {
      let s = i === c ? 1 : 0;
      for (let k = c; k < i; k++) s -= L[i * D + k] * W[k * D + c];
      W[i * D + c] = s / L[i * D + i];
    }
  }
  return W;
}
