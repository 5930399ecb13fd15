import { defineConfig, type Options } from 'tsup';

/**
 * One tsup setup for every package: ESM first, CJS beside it, bundled .d.ts.
 * The build uses the package's own tsconfig (include: src only — a root tsconfig would pull
 * every other package's dist/*.d.ts into the program while nx rebuilds them in parallel) and
 * drops the `@a3/source` condition, so sibling packages resolve to their built `dist` and a
 * package's .d.ts never inlines another package's sources.
 */
export function packageConfig(overrides: Partial<Options> = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: { compilerOptions: { customConditions: [] } },
    tsconfig: 'tsconfig.json',
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    shims: true,
    ...overrides,
  });
}
