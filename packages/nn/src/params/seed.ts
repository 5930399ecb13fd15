/**
 * A 32-bit seed for one named parameter (or random op) derived from the model seed and the
 * name, so a weight's initial value depends only on (seed, name): not on build order, and
 * not on which other layers exist. FNV-1a over the name, then a murmur3 finaliser.
 */
export function seedFor(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0 || 1;
}
