const f64 = new Float64Array(1);
const bits = new BigInt64Array(f64.buffer);

/**
 * The smallest double strictly greater than x (Java's Math.nextUp). Turns a strict rule
 * `score > t` into our `score >= nextUp(t)` without changing which scores are flagged.
 */
export function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  // IEEE-754 doubles of one sign are ordered like their bit patterns.
  bits[0] += x > 0 ? 1n : -1n;
  return f64[0];
}
