import { Rng } from '@a3/core';
import { describe, expect, it } from 'vitest';
import { sampleWithoutReplacement } from './shuffle';

describe('sampleWithoutReplacement', () => {
  it('samples distinct items, deterministic per seed', () => {
    const s = sampleWithoutReplacement([10, 20, 30, 40, 50], 3, new Rng(9));
    expect(new Set(s).size).toBe(3);
    for (const v of s) expect([10, 20, 30, 40, 50]).toContain(v);
    expect(sampleWithoutReplacement([10, 20, 30, 40, 50], 3, new Rng(9))).toEqual(s);
    expect(() => sampleWithoutReplacement([1, 2], 3, new Rng(9))).toThrow(/Cannot sample 3 of 2/);
  });
});
