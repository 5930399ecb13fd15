import { InvalidArgumentError } from '@a3/core';

/**
 * A small seeded PRNG (splitmix32 seeding + mulberry32 stepping).
 *
 * Data splits must be reproducible from a seed alone across machines and Node versions, which
 * `Math.random` cannot give. This lives here until @a3/core ships its shared RNG; the stream
 * it produces is part of the split contract (same seed → same split), so changing the
 * algorithm changes every published split and needs a version bump.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    if (!Number.isFinite(seed) || !Number.isInteger(seed)) {
      throw new InvalidArgumentError(`Seed must be a finite integer, got ${String(seed)}.`);
    }
    // splitmix32 scrambles the seed so that nearby seeds (2409, 2410) start far apart.
    let z = (seed >>> 0) + 0x9e3779b9;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    this.state = (z ^ (z >>> 16)) >>> 0;
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). Rejection sampling keeps it unbiased for any n. */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) {
      throw new InvalidArgumentError(`nextInt needs an integer bound in [1, 2^32], got ${n}.`);
    }
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** A new generator whose stream is independent of this one's future draws. */
  fork(): SeededRandom {
    return new SeededRandom(this.nextUint32());
  }
}
