#!/usr/bin/env node
// Runs one parity script (a .ts file beside this one) from source: `node run.mjs iforest.ts ARGS...`.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundle } from '../bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const [script, ...args] = process.argv.slice(2);
if (!script) throw new Error('usage: node tools/quality/parity/run.mjs SCRIPT.ts ARGS...');
const out = join(resolve(here, '../../..'), '.scratch/quality/bundle', script.replace(/\.ts$/, '.mjs'));
await bundle(join(here, script), out);
process.argv = [process.argv[0], out, ...args];
await import(pathToFileURL(out).href);
