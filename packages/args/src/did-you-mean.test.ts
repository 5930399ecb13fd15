import { describe, expect, it } from 'vitest';
import { editDistance, nearestNames } from './did-you-mean';

describe('did-you-mean', () => {
  it('computes the Levenshtein distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('seed', 'seed')).toBe(0);
    expect(editDistance('sed', 'seed')).toBe(1);
  });

  it('suggests close names, then names the typo is a prefix of', () => {
    const names = ['seed', 'epochs-target', 'epochs-alarm', 'out', 'lr', 'lr-target'];
    expect(nearestNames('sede', names)).toEqual(['seed']);
    expect(nearestNames('epochs', names)).toEqual(['epochs-target', 'epochs-alarm']);
    expect(nearestNames('epoch-alarm', names)).toEqual(['epochs-alarm']);
    expect(nearestNames('qqqqqqq', names)).toEqual([]);
  });
});
