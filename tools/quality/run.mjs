#!/usr/bin/env node
// Runs the quality protocol runner from source: bundles tools/quality/src/main.ts with esbuild
// (the @a3/* workspace packages from their src via the "@a3/source" condition, every npm
// dependency left external) into .scratch/quality/bundle/ and runs it. No `nx build` needed, and
// the numbers always come from the code in the working tree.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

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

const out = join(root, '.scratch/quality/bundle/quality.mjs');
await bundle(join(here, 'src/main.ts'), out);
const { runFromCommandLine } = await import(pathToFileURL(out).href);
process.exitCode = await runFromCommandLine(process.argv.slice(2), { root });
