import { afterAll, describe } from 'vitest';
import { checkRandomDeterminism, checkRandomLike, checkRandomStatistics } from './random-checks';
import {
  checkDispose,
  checkFeedValidation,
  checkOutputSubset,
  checkUpdates,
  checkVariableRoundTrip,
} from './state-checks';
import type { SuiteContext } from './suite-context';
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

/** Random ops, variables and updates, feeds and lifecycle: what a backend does around the kernels. */
export function registerRuntimeGroups({ check, use }: SuiteContext): void {
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
}

/** End to end: an MLP trained with Adam against the reference, and (with conv) a tiny conv net. */
export function registerTrainingGroups({ check, use, tol, conv }: SuiteContext): void {
  describe(`end-to-end: MLP 8→16→1 + Adam, ${TRAIN_STEPS} steps`, () => {
    // One training run shared by the checks that read it; a failure fails each of them.
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
}
