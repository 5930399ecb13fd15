/**
 * numpy.percentile(a, q) with the default 'linear' method, step for step, on ascending `sorted`.
 * The exact float operations matter: PyOD flags `score > percentile`, so a result one ulp off
 * would flip samples that sit on the threshold.
 */
export function linearPercentile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const quantile = q / 100;
  const virtualIndex = (n - 1) * quantile;
  if (virtualIndex >= n - 1) return sorted[n - 1];
  if (virtualIndex < 0) return sorted[0];
  const previous = Math.floor(virtualIndex);
  const gamma = virtualIndex - previous;
  const a = sorted[previous];
  const b = sorted[previous + 1];
  const diff = b - a;
  // numpy's _lerp interpolates from the nearer end to stay monotone.
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}
