import { InvalidArgumentError } from '../errors/errors';
import { TensorData } from '../tensor/tensor-data';

/**
 * A small, fast, seeded PRNG (SplitMix32 → xoshiro128**). Same seed, same sequence on
 * every platform: used for initialisers, shuffles and splits.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;

  constructor(seed: number) {
    if (!Number.isFinite(seed))
      throw new InvalidArgumentError(`Rng seed must be a finite number; got ${seed}.`);
    let x = seed >>> 0 || 0x9e3779b9;
    const next = () => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const r = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  uniform(min = 0, max = 1): number {
    return min + (max - min) * this.next();
  }

  /** Standard normal (Box–Muller, caching the second value). */
  normal(mean = 0, std = 1): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return mean + std * s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** Uniform integer in [0, n); rejection sampling keeps it unbiased for any n ≤ 2^32. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) {
      throw new InvalidArgumentError(`Rng.int needs an integer bound in [1, 2^32]; got ${n}.`);
    }
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = arr[i];
      arr[i] = arr[j];
      arr[j] = tmp;
    }
    return arr;
  }

  /** 0..n-1 in random order. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** A seed for a child generator, so sub-components get independent streams. */
  fork(): Rng {
    return new Rng(this.nextUint32());
  }

  normalTensor(shape: readonly number[], mean = 0, std = 1): TensorData<'float32'> {
    const t = TensorData.float32(shape);
    for (let i = 0; i < t.data.length; i++) t.data[i] = this.normal(mean, std);
    return t;
  }

  uniformTensor(shape: readonly number[], min = 0, max = 1): TensorData<'float32'> {
    const t = TensorData.float32(shape);
    for (let i = 0; i < t.data.length; i++) t.data[i] = this.uniform(min, max);
    return t;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
