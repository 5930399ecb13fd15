// Bundles a TypeScript entry from source for the quality tools: the @a3/* workspace packages from
// their src via the "@a3/source" condition, every npm dependency left external. No `nx build`
// needed, and the numbers always come from the code in the working tree.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Bundles `entry` (a .ts file) to `outfile`, workspace sources in, npm packages out. */
export async function bundle(entry, outfile) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch (err) {
    throw new Error(`the quality runner needs esbuild (installed with tsup/vite by npm ci): ${err.message}`);
  }
  mkdirSync(dirname(outfile), { recursive: true });
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@a3/source'],
    sourcemap: 'inline',
    logLevel: 'warning',
    plugins: [
      {
        name: 'npm-external',
        setup(build) {
          // Bare imports that are not workspace packages stay imports (native addons, tfjs, ...).
          build.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@a3/') ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
}
