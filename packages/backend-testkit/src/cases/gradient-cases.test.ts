import { describe, expect, it } from 'vitest';
import { Graph, ops, TensorData } from '@a3/core';
import { finiteDifferenceCheck } from '../check/finite-difference';
import { checkGradientAgainstFiniteDifferences } from '../suite/primitive-checks';
import { differentiablePrimitives, gradientRulesWithoutChecks, primitivesWithoutCases } from './coverage';
import { gradientCases, GRADIENT_CHECKED_OPS } from './gradient-cases';

// These run on the float64 reference only: they prove core's gradient rules, for every backend.
describe('gradient rules vs central finite differences (float64)', () => {
  for (const c of gradientCases()) {
    it(c.name, () => {
      expect(checkGradientAgainstFiniteDifferences(c, 1e-5)).toBeLessThanOrEqual(1e-5);
    });
  }
});

describe('coverage', () => {
  it('every primitive has a forward case and every differentiable one a gradient case', () => {
    expect(primitivesWithoutCases()).toEqual([]);
    expect(gradientRulesWithoutChecks()).toEqual([]);
  });

  it('finds the differentiable primitives by probing core, not from a list', () => {
    const found = differentiablePrimitives();
    expect(found).toContain('Conv2D');
    expect(found).toContain('Gather');
    for (const op of [
      'Greater',
      'FillLike',
      'MaxPoolGrad',
      'Conv2DBackpropFilter',
      'RandomNormal',
      'Input',
    ] as const) {
      expect(found).not.toContain(op);
    }
    expect([...GRADIENT_CHECKED_OPS].sort()).toEqual([...found].sort());
  });
});

describe('finiteDifferenceCheck', () => {
  it('flags a wrong gradient', () => {
    const g = new Graph();
    const x = g.input('x', [3]);
    g.output('loss', ops.sum(ops.square(x)));
    g.output('wrong', ops.mul(x, 3)); // d/dx Σx² is 2x
    const feeds = { x: TensorData.float32([3], [0.5, -1, 2]) };
    const r = finiteDifferenceCheck(g, feeds, { loss: 'loss', gradients: { x: 'wrong' } });
    expect(r.maxRelError).toBeGreaterThan(0.3);
    expect(r.worst?.input).toBe('x');
    expect(Array.from(r.numeric.x.data).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([1, -2, 4]);
  });
});
