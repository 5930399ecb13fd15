import { describe, expect, it } from 'vitest';
import { Rng, glorotUniform } from '../index';

describe('Rng', () => {
  it('repeats its stream for the same seed and differs across nearby seeds', () => {
    const a = new Rng(2409);
    const b = new Rng(2409);
    const c = new Rng(2410);
    const sa = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('draws unbiased integers (chi-square over 10 bins, 99.9% critical value 27.88)', () => {
    const r = new Rng(1);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[r.int(10)]++;
    const chi2 = counts.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0);
    expect(chi2).toBeLessThan(27.88);
    expect(() => r.int(0)).toThrow(/integer bound/);
  });

  it('gives standard normals with mean 0 and std 1', () => {
    const r = new Rng(7);
    const n = 50_000;
    const xs = Array.from({ length: n }, () => r.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const std = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(std - 1)).toBeLessThan(0.02);
  });

  it('permutes 0..n-1, deterministic per seed', () => {
    const p = new Rng(3).permutation(100);
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(new Rng(3).permutation(100)).toEqual(p);
    expect(new Rng(4).permutation(100)).not.toEqual(p);
  });

  it('draws Glorot-uniform kernels within ±sqrt(6/(fanIn+fanOut)) (Keras)', () => {
    const w = glorotUniform(new Rng(1), [30, 20]);
    const limit = Math.sqrt(6 / 50);
    expect(Math.max(...w.data.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...w.data.map(Math.abs))).toBeGreaterThan(limit * 0.9);
  });
});
