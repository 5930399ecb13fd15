#!/usr/bin/env node
// Runs the quality protocol runner from source: bundles tools/quality/src/main.ts with esbuild
// (the @a3/* workspace packages from their src via the "@a3/source" condition, every npm
// dependency left external) into .scratch/quality/bundle/ and runs it. No `nx build` needed, and
// the numbers always come from the code in the working tree.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundle } from './bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

const out = join(root, '.scratch/quality/bundle/quality.mjs');
await bundle(join(here, 'src/main.ts'), out);
const { runFromCommandLine } = await import(pathToFileURL(out).href);
process.exitCode = await runFromCommandLine(process.argv.slice(2), { root });
