import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '@a3/core';
import { CONV_OPS, type PrimitiveCase } from '../cases/case';
import { gradientRulesWithoutChecks, primitivesWithoutCases } from '../cases/coverage';
import { gradientCases } from '../cases/gradient-cases';
import { emptyBatchCases, primitiveCases } from '../cases/primitive-cases';
import {
  checkGradientAgainstFiniteDifferences,
  checkGradientCase,
  checkPrimitiveCase,
} from './primitive-checks';
import { checkRandomDeterminism, checkRandomLike, checkRandomStatistics } from './random-checks';
import {
  checkDispose,
  checkFeedValidation,
  checkOutputSubset,
  checkUpdates,
  checkVariableRoundTrip,
} from './state-checks';
import { resolveTolerance, type ConformanceTolerance } from './tolerance';
import {
  checkConvNet,
  checkLossesMatchReference,
  checkLossFalls,
  checkMemoryFlat,
  checkRunSteps,
  checkTrainingDeterminism,
  trainMlp,
  TRAIN_STEPS,
  type TrainingRun,
} from './training-checks';

export interface ConformanceOptions {
  /** Shown in every test title, e.g. "tfjs-cpu". */
  name: string;
  /** Called once, before the first check. */
  createBackend: () => Promise<Backend> | Backend;
  /** A reason string skips the whole suite visibly (describe.skip + console.warn "SKIP <name>: <reason>"). */
  skip?: string | false;
  tolerance?: ConformanceTolerance;
  /** false: the backend has no Conv2D/pooling/up-sampling; those checks are not registered. Default true. */
  conv?: boolean;
  /** Known gaps: a check's id ("group > title") or an id prefix → reason; registered as skipped, with the reason. */
  skipChecks?: Readonly<Record<string, string>>;
  /** Also prove the gradient rules with finite differences on the reference (backend-independent). Default true. */
  finiteDifferences?: boolean;
}

/**
 * Registers the conformance suite as vitest describe/it blocks. Call it at the top level of a
 * `*.test.ts` file. Every check compiles its own small graph and disposes it.
 */
export function runConformanceSuite(options: ConformanceOptions): void {
  const title = `${options.name}: backend conformance`;
  if (typeof options.skip === 'string') {
    console.warn(`SKIP ${options.name}: ${options.skip}`);
    describe.skip(`${title} — SKIPPED: ${options.skip}`, () => {
      it.skip(options.skip as string, () => {});
    });
    return;
  }
  const tol = resolveTolerance(options.tolerance);
  const conv = options.conv !== false;
  const skips = Object.entries(options.skipChecks ?? {});
  let backend: Backend | undefined;
  const use = (): Backend => {
    if (!backend)
      throw new Error(
        `${options.name}: createBackend() did not produce a backend (see the beforeAll error).`,
      );
    return backend;
  };
  const check = (group: string, name: string, f: () => unknown | Promise<unknown>): void => {
    const id = `${group} > ${name}`;
    const skip = skips.find(([key]) => id === key || id.startsWith(key));
    if (skip) it.skip(`${name} — SKIPPED: ${skip[1]}`, () => {});
    else it(name, async () => void (await f()));
  };
  const wanted = (c: PrimitiveCase) => conv || !CONV_OPS.has(c.op);

  describe(title, () => {
    beforeAll(async () => {
      backend = await options.createBackend();
    });

    describe('primitives vs the float64 reference', () => {
      for (const c of primitiveCases().filter(wanted))
        check('primitives', c.name, () => checkPrimitiveCase(use(), c, tol));
    });

    describe('empty batch (0 rows)', () => {
      for (const c of emptyBatchCases())
        check('empty batch', c.name, () => checkPrimitiveCase(use(), c, tol));
    });

    if (options.finiteDifferences !== false) {
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

    describe('random ops', () => {
      check('random', 'RandomNormal/RandomUniform statistics over 10k samples', () =>
        checkRandomStatistics(use()),
      );
      check('random', 'fresh values every run; same seed → same sequence on a fresh executable', () =>
        checkRandomDeterminism(use()),
      );
      check('random', 'random ops shaped like a batch input (batch 1, 3, 7)', () => checkRandomLike(use()));
    });

    describe('variables and updates', () => {
      check('variables', 'readVariables / writeVariables round trip', () => checkVariableRoundTrip(use()));
      check('variables', 'updates read pre-run values; updates: false and group selection', () =>
        checkUpdates(use()),
      );
      check('variables', 'outputs subset via run options', () => checkOutputSubset(use()));
    });

    describe('feeds and lifecycle', () => {
      check('lifecycle', 'malformed feeds raise A3_FEED', () => checkFeedValidation(use()));
      check('lifecycle', 'use after dispose() raises A3_DISPOSED', () => checkDispose(use()));
    });

    describe(`end-to-end: MLP 8→16→1 + Adam, ${TRAIN_STEPS} steps`, () => {
      let run: TrainingRun | undefined;
      let failure: unknown;
      const trained = async (): Promise<TrainingRun> => {
        if (!run && !failure) {
          try {
            run = await trainMlp(use());
          } catch (err) {
            failure = err;
          }
        }
        if (failure) throw failure;
        return run!;
      };
      check('training', 'first 10 losses match the float64 reference', async () =>
        checkLossesMatchReference(await trained(), tol),
      );
      check('training', 'the loss falls', async () => checkLossFalls(await trained()));
      check('training', 'backend and executable memory stay flat over the steps', async () =>
        checkMemoryFlat(await trained()),
      );
      check('training', 'same seed → identical losses on two fresh executables', () =>
        checkTrainingDeterminism(use()),
      );
      check('training', 'runSteps matches repeated run()', () => checkRunSteps(use()));
      afterAll(() => {
        run = undefined;
      });
    });

    if (conv) {
      describe('end-to-end: tiny conv net (8x8x1, batch 4)', () => {
        check('conv net', 'forward and gradients match the reference', () => checkConvNet(use(), tol));
      });
    }
  });
}
