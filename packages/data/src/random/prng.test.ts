import { describe, expect, it } from 'vitest';
import { SeededRandom } from './prng';
import { permutation, sampleWithoutReplacement } from './shuffle';

describe('SeededRandom', () => {
  it('repeats its stream for the same seed and differs across seeds', () => {
    const a = new SeededRandom(2409);
    const b = new SeededRandom(2409);
    const c = new SeededRandom(2410);
    const sa = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('pins the stream so splits stay reproducible across releases', () => {
    const r = new SeededRandom(706);
    expect([r.nextUint32(), r.nextUint32(), r.nextUint32()]).toEqual([1403758802, 2306905564, 3429053827]);
  });

  it('draws roughly uniform integers', () => {
    const r = new SeededRandom(1);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[r.nextInt(10)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    for (let i = 0; i < 1000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });

  it('rejects non-integer seeds and bounds', () => {
    expect(() => new SeededRandom(1.5)).toThrow(/finite integer/);
    expect(() => new SeededRandom(1).nextInt(0)).toThrow(/integer bound/);
  });
});

describe('shuffle', () => {
  it('returns a permutation, deterministic per seed', () => {
    const p = permutation(100, new SeededRandom(3));
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(permutation(100, new SeededRandom(3))).toEqual(p);
    expect(permutation(100, new SeededRandom(4))).not.toEqual(p);
  });

  it('samples distinct items without replacement', () => {
    const s = sampleWithoutReplacement([10, 20, 30, 40, 50], 3, new SeededRandom(9));
    expect(new Set(s).size).toBe(3);
    for (const v of s) expect([10, 20, 30, 40, 50]).toContain(v);
    expect(() => sampleWithoutReplacement([1, 2], 3, new SeededRandom(9))).toThrow(/Cannot sample 3 of 2/);
  });
});
