import type { Reporter, SerializedError, TestModule, TestRunEndReason } from 'vitest/node';

/**
 * Prints one plain, colour-free line after vitest's own summary, for scripts and people who grep:
 *
 *     12 passed, 0 failed, 3 skipped
 *
 * Counts are test cases. A test file that fails outside any test (import error, failing
 * `beforeAll`) and unhandled errors count as failures too, so "0 failed" really means nothing
 * failed; a line above the summary says when that happened. The `skipped` part (skip and todo)
 * is printed only when non-zero.
 */
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    _reason: TestRunEndReason,
  ): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const brokenFiles: string[] = [];
    for (const mod of testModules) {
      let failedHere = 0;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedHere++;
        else if (state === 'skipped') skipped++;
      }
      if (failedHere === 0 && (mod.state() === 'failed' || mod.errors().length > 0)) {
        brokenFiles.push(mod.relativeModuleId);
        failedHere = 1;
      }
      failed += failedHere;
    }
    failed += unhandledErrors.length;

    const notes: string[] = [];
    if (brokenFiles.length > 0) {
      notes.push(`${brokenFiles.length} test file(s) failed outside any test: ${brokenFiles.join(', ')}`);
    }
    if (unhandledErrors.length > 0) notes.push(`${unhandledErrors.length} unhandled error(s)`);
    const summary = `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
    process.stdout.write(`\n${notes.map((n) => `note: ${n} (counted as failed)\n`).join('')}${summary}\n`);
  }
}
