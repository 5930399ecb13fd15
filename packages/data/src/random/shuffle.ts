import { InvalidArgumentError } from '@a3/core';
import type { Rng } from '@a3/core';

/** `k` distinct items drawn uniformly without replacement, in draw order. */
export function sampleWithoutReplacement(items: ArrayLike<number>, k: number, rng: Rng): number[] {
  if (!Number.isInteger(k) || k < 0 || k > items.length) {
    throw new InvalidArgumentError(`Cannot sample ${k} of ${items.length} items without replacement.`);
  }
  const pool = Array.from(items);
  // Partial Fisher–Yates: only the first k positions need to be settled.
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(pool.length - i);
    const tmp = pool[i];
    pool[i] = pool[j];
    pool[j] = tmp;
  }
  return pool.slice(0, k);
}
