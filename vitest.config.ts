import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Tests run against sources: every package exports "@a3/source" → ./src/index.ts first.
const conditions = ['@a3/source', 'node', 'import', 'module', 'default'];

const projectDirs = ['packages', 'apps', 'tools'].flatMap((top) =>
  existsSync(top)
    ? readdirSync(top, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(top, d.name, 'package.json')))
        .map((d) => join(top, d.name))
    : [],
);

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    projects: projectDirs.map((dir) => ({
      resolve: { conditions },
      ssr: { resolve: { conditions, externalConditions: conditions } },
      test: {
        name: (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string }).name,
        root: '.',
        include: [`${dir}/src/**/*.test.ts`, `${dir}/test/**/*.test.ts`],
        environment: 'node',
        testTimeout: 120_000,
        hookTimeout: 120_000,
        pool: 'forks',
      },
    })),
  },
});
