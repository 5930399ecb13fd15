import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SharedData {
  /** Absolute path of the requested data (it may not exist). */
  readonly path: string;
  readonly available: boolean;
  /** Why tests using it are skipped, for the skip message. */
  readonly reason: string;
}

/** The repository root: the nearest ancestor whose package.json declares workspaces. */
function repoRoot(from: string): string {
  let dir = from;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && 'workspaces' in (JSON.parse(readFileSync(pkg, 'utf8')) as object)) return dir;
    const up = dirname(dir);
    if (up === dir) return from;
    dir = up;
  }
}

/**
 * Locates real data sets shared next to the checkout (`<repo>/../shared/data`, or $A3_SHARED_DATA).
 * Data is read in place, never copied into the repository. When it is missing, tests skip with a
 * visible warning — except under CI, where a missing data set must fail loudly instead of passing
 * by silently testing nothing.
 */
export function sharedData(...parts: string[]): SharedData {
  const base =
    process.env.A3_SHARED_DATA ??
    resolve(repoRoot(dirname(fileURLToPath(import.meta.url))), '..', 'shared', 'data');
  const path = join(base, ...parts);
  const available = existsSync(path);
  const reason = available ? '' : `${path} is missing (set A3_SHARED_DATA to the shared data directory)`;
  if (!available) {
    if (process.env.CI) throw new Error(`Shared test data required under CI: ${reason}`);
    console.warn(`[@a3/data] skipping tests: ${reason}`);
  }
  return { path, available, reason };
}
