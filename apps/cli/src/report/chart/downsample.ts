/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013): keeps the first and last point and, from each
 * bucket in between, the point that spans the largest triangle with its neighbours. Corners of a
 * ROC or PR staircase survive, so the plot of 500 points looks like the plot of a million.
 */
export function downsampleCurve(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  maxPoints: number,
): { xs: number[]; ys: number[] } {
  const n = xs.length;
  if (n <= maxPoints || maxPoints < 3) {
    return { xs: Array.from(xs), ys: Array.from(ys) };
  }
  const outX = [xs[0]];
  const outY = [ys[0]];
  const bucket = (n - 2) / (maxPoints - 2);
  let a = 0;
  for (let b = 0; b < maxPoints - 2; b++) {
    const start = Math.floor(b * bucket) + 1;
    const end = Math.min(Math.floor((b + 1) * bucket) + 1, n - 1);
    // The next bucket's mean stands in for the point not chosen yet.
    const nextStart = end;
    const nextEnd = Math.min(Math.floor((b + 2) * bucket) + 1, n);
    let meanX = 0;
    let meanY = 0;
    for (let i = nextStart; i < nextEnd; i++) {
      meanX += xs[i];
      meanY += ys[i];
    }
    const count = Math.max(1, nextEnd - nextStart);
    meanX /= count;
    meanY /= count;
    let best = start;
    let bestArea = -1;
    for (let i = start; i < end; i++) {
      const area = Math.abs((xs[a] - meanX) * (ys[i] - ys[a]) - (xs[a] - xs[i]) * (meanY - ys[a]));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    outX.push(xs[best]);
    outY.push(ys[best]);
    a = best;
  }
  outX.push(xs[n - 1]);
  outY.push(ys[n - 1]);
  return { xs: outX, ys: outY };
}
