import { beforeAll, describe, it } from 'vitest';
import type { Backend } from '@a3/core';
import { registerPrimitiveGroups } from './primitive-groups';
import { registerRuntimeGroups, registerTrainingGroups } from './runtime-groups';
import type { SuiteContext } from './suite-context';
import { resolveTolerance, type ConformanceTolerance } from './tolerance';

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
  const skips = Object.entries(options.skipChecks ?? {});
  let backend: Backend | undefined;
  const suite: SuiteContext = {
    use: () => {
      if (!backend)
        throw new Error(
          `${options.name}: createBackend() did not produce a backend (see the beforeAll error).`,
        );
      return backend;
    },
    check: (group, name, f) => {
      const id = `${group} > ${name}`;
      const skip = skips.find(([key]) => id === key || id.startsWith(key));
      if (skip) it.skip(`${name} — SKIPPED: ${skip[1]}`, () => {});
      else it(name, async () => void (await f()));
    },
    tol: resolveTolerance(options.tolerance),
    conv: options.conv !== false,
  };

  describe(title, () => {
    beforeAll(async () => {
      backend = await options.createBackend();
    });
    registerPrimitiveGroups(suite, options.finiteDifferences !== false);
    registerRuntimeGroups(suite);
    registerTrainingGroups(suite);
  });
}
