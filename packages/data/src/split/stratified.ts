import type { Rng } from '@a3/core';
import { ClassIndex } from './class-index';

/**
 * Per class, in sorted class order: shuffle the class's rows and hold out round(fraction × count).
 * Returns [held, rest], each ascending. Visiting classes in sorted order keeps the result a
 * function of (labels, fraction, rng state) only.
 */
export function stratifiedHoldout(index: ClassIndex, fraction: number, rng: Rng): [number[], number[]] {
  const held: number[] = [];
  const rest: number[] = [];
  for (const c of index.classes) {
    const rows = rng.shuffle([...(index.rows.get(c) ?? [])]);
    const k = Math.round(fraction * rows.length);
    for (let i = 0; i < rows.length; i++) (i < k ? held : rest).push(rows[i]);
  }
  return [held.sort((a, b) => a - b), rest.sort((a, b) => a - b)];
}

/** A seeded stratified hold-out over class labels: rows of `held` form the test part. */
export function stratifiedSplit(
  labels: readonly string[],
  fraction: number,
  rng: Rng,
): { held: Int32Array; rest: Int32Array } {
  const [held, rest] = stratifiedHoldout(new ClassIndex(labels), fraction, rng);
  return { held: Int32Array.from(held), rest: Int32Array.from(rest) };
}
