import { describe, expect, it } from 'vitest';
import { ranksOf } from './rank';

describe('ranksOf', () => {
  it('ranks by descending value and gives tied values the mean of their ranks', () => {
    expect(ranksOf([0.5, 0.9, 0.7])).toEqual([3, 1, 2]);
    expect(ranksOf([0.8, 0.8, 0.1, 0.8])).toEqual([2, 2, 4, 2]);
    expect(ranksOf([0.3, 0.3])).toEqual([1.5, 1.5]);
    expect(ranksOf([])).toEqual([]);
  });
});
