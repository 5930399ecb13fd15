import type { Backend } from '@a3/core';
import type { ResolvedTolerance } from './tolerance';

/** What every group of the conformance suite registers its checks with. */
export interface SuiteContext {
  /** The backend under test (created in the suite's beforeAll). */
  readonly use: () => Backend;
  /** Registers one check as `it`, or as a visible skip when `skipChecks` names it. */
  readonly check: (group: string, name: string, f: () => unknown | Promise<unknown>) => void;
  readonly tol: ResolvedTolerance;
  /** Whether the spatial (conv, pooling, up-sampling) checks are registered. */
  readonly conv: boolean;
}
