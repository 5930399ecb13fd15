import { vi } from 'vitest';
import { runConformanceSuite } from '../index';
import { ReferenceBackend } from './reference-backend';

// The whole suite against the float64 reference behind the Backend contract: proves the
// suite's plumbing (graphs, feeds, tolerances, lifecycle checks) without a real backend.
runConformanceSuite({
  name: 'reference-f64 (test-only adapter)',
  createBackend: () => new ReferenceBackend(),
});

const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
runConformanceSuite({
  name: 'never-runs',
  createBackend: () => new ReferenceBackend(),
  skip: 'demonstrates a visible skip',
});
if (!warn.mock.calls.some((c) => c[0] === 'SKIP never-runs: demonstrates a visible skip')) {
  throw new Error('runConformanceSuite({ skip }) must console.warn "SKIP <name>: <reason>".');
}
warn.mockRestore();
