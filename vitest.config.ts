import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import PlainSummaryReporter from './tools/vitest/plain-summary-reporter.ts';

// Tests run against sources: every package exports "@a3/source" → ./src/index.ts first.
const conditions = ['@a3/source', 'node', 'import', 'module', 'default'];

// Paths relative to this file, not the cwd: package scripts run `vitest --config ../../vitest.config.ts`.
const repoRoot = dirname(fileURLToPath(import.meta.url));
const projectDirs = ['packages', 'apps', 'tools'].flatMap((top) =>
  existsSync(join(repoRoot, top))
    ? readdirSync(join(repoRoot, top), { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(repoRoot, top, d.name, 'package.json')))
        .map((d) => join(top, d.name))
    : [],
);

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    // vitest's own output, then one plain `N passed, N failed[, N skipped]` line for scripts.
    reporters: ['default', new PlainSummaryReporter()],
    // Per-package `npm run test` (nx run-many -t test) must not fail on packages with no tests yet.
    passWithNoTests: true,
    projects: [
      ...projectDirs.map((dir) => ({
        resolve: { conditions },
        ssr: { resolve: { conditions, externalConditions: conditions } },
        test: {
          name: (JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as { name: string })
            .name,
          root: repoRoot,
          include: [`${dir}/src/**/*.test.ts`, `${dir}/test/**/*.test.ts`],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      })),
      // Checks of the whole workspace (no dependency cycle), of tools/scripts, which has no
      // package.json, and of the examples (run end to end; see each test for when).
      {
        test: {
          name: 'workspace',
          root: repoRoot,
          include: ['tools/scripts/**/*.test.ts', 'examples/**/*.test.ts'],
          environment: 'node',
        },
      },
    ],
  },
});
