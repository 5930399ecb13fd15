import { Rng } from '@a3/core';
import { describe, expect, it } from 'vitest';
import { averagePathLength, growForest, leafPathLengths, type Forest } from './forest';

function leafDepths(f: Forest, t: number): Map<number, number> {
  const depth = new Map<number, number>([[f.treeStart[t], 0]]);
  const leaves = new Map<number, number>();
  for (let i = f.treeStart[t]; i < f.treeStart[t + 1]; i++) {
    const d = depth.get(i)!;
    if (f.feature[i] < 0) leaves.set(i, d);
    else {
      depth.set(f.left[i], d + 1);
      depth.set(f.left[i] + 1, d + 1);
    }
  }
  return leaves;
}

describe('growForest', () => {
  // Half the rows are one repeated point: nodes holding only it are leaves (no feature varies there).
  const rng = new Rng(1);
  const n = 1000;
  const d = 3;
  const x = Float32Array.from({ length: n * d }, (_, i) => (Math.floor(i / d) % 2 === 0 ? 0.5 : rng.next()));
  const forest = growForest(x, n, d, { nTrees: 20, maxSamples: 256, seed: 0 });

  it('stops at depth ceil(log2(max_samples)) and accounts for every sample in its leaves', () => {
    let deepest = 0;
    for (let t = 0; t < 20; t++) {
      let samples = 0;
      for (const [leaf, depth] of leafDepths(forest, t)) {
        deepest = Math.max(deepest, depth);
        samples += forest.size[leaf];
      }
      expect(samples).toBe(256);
      expect(forest.size[forest.treeStart[t]]).toBe(256);
    }
    expect(deepest).toBe(8);
  });

  it('adds c(leaf size) to the depth of each leaf', () => {
    const value = leafPathLengths(forest);
    for (const [leaf, depth] of leafDepths(forest, 3)) {
      expect(value[leaf]).toBeCloseTo(depth + averagePathLength(forest.size[leaf]), 12);
    }
  });
});
