import { defineConfig, type Options } from 'tsup';

/**
 * One tsup setup for every package: ESM first, CJS beside it, bundled .d.ts.
 * The build resolves sibling packages through their built `dist` (no `@a3/source`
 * condition), so a package's .d.ts never inlines another package's sources.
 */
export function packageConfig(overrides: Partial<Options> = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: { compilerOptions: { customConditions: [] } },
    tsconfig: '../../tsconfig.build.json',
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    shims: true,
    ...overrides,
  });
}
