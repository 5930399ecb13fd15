import { InvalidArgumentError } from '@a3/core';
import type { SeededRandom } from './prng';

/** Fisher–Yates shuffle in place; returns the same array for chaining. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(items: T, rng: SeededRandom): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

/** A random permutation of 0..n-1. */
export function permutation(n: number, rng: SeededRandom): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return shuffleInPlace(out, rng);
}

/** `k` distinct items drawn uniformly without replacement, in draw order. */
export function sampleWithoutReplacement(items: ArrayLike<number>, k: number, rng: SeededRandom): number[] {
  if (!Number.isInteger(k) || k < 0 || k > items.length) {
    throw new InvalidArgumentError(`Cannot sample ${k} of ${items.length} items without replacement.`);
  }
  const pool = Array.from(items);
  // Partial Fisher–Yates: only the first k positions need to be settled.
  for (let i = 0; i < k; i++) {
    const j = i + rng.nextInt(pool.length - i);
    const tmp = pool[i];
    pool[i] = pool[j];
    pool[j] = tmp;
  }
  return pool.slice(0, k);
}
