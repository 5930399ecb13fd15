import { describe, expect } from 'vitest';
import { CONV_OPS, type PrimitiveCase } from '../cases/case';
import { gradientRulesWithoutChecks, primitivesWithoutCases } from '../cases/coverage';
import { gradientCases } from '../cases/gradient-cases';
import { emptyBatchCases, primitiveCases } from '../cases/primitive-cases';
import {
  checkGradientAgainstFiniteDifferences,
  checkGradientCase,
  checkPrimitiveCase,
} from './primitive-checks';
import type { SuiteContext } from './suite-context';

/**
 * Every primitive and every gradient rule against the float64 reference, the empty batch, the
 * finite-difference proof of the rules themselves (when asked), and coverage of the op set.
 */
export function registerPrimitiveGroups(s: SuiteContext, finiteDifferences: boolean): void {
  const { check, use, tol } = s;
  const wanted = (c: PrimitiveCase) => s.conv || !CONV_OPS.has(c.op);

  describe('primitives vs the float64 reference', () => {
    for (const c of primitiveCases().filter(wanted))
      check('primitives', c.name, () => checkPrimitiveCase(use(), c, tol));
  });

  describe('empty batch (0 rows)', () => {
    for (const c of emptyBatchCases()) check('empty batch', c.name, () => checkPrimitiveCase(use(), c, tol));
  });

  if (finiteDifferences) {
    describe('gradient rules vs finite differences (float64 reference only)', () => {
      for (const c of gradientCases()) {
        check('finite differences', c.name, () => {
          expect(checkGradientAgainstFiniteDifferences(c, tol.finiteDifference)).toBeLessThanOrEqual(
            tol.finiteDifference,
          );
        });
      }
    });
  }

  describe('gradients vs the reference', () => {
    for (const c of gradientCases().filter(wanted))
      check('gradients', c.name, () => checkGradientCase(use(), c, tol));
  });

  describe('coverage', () => {
    check('coverage', 'every primitive in PRIMITIVES has a conformance case', () => {
      expect(primitivesWithoutCases()).toEqual([]);
    });
    check('coverage', 'every differentiable primitive has a finite-difference gradient check', () => {
      expect(gradientRulesWithoutChecks()).toEqual([]);
    });
  });
}
