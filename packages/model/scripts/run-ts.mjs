#!/usr/bin/env node
// Runs a TypeScript script of this repo straight from sources: esbuild bundles the script with
// the workspace's @a3/* packages (their "@a3/source" entry, so no build step is needed) and keeps
// every third-party package (onnxruntime-node, tfjs, ...) external. Usage:
//   node packages/model/scripts/run-ts.mjs packages/model/scripts/nsl-kdd-paper.ts [args...]
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node run-ts.mjs <script.ts> [args...]');
  process.exit(2);
}
// Inside the repo's node_modules, so the external packages resolve from the bundle's location.
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const cache = join(repo, 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, 'a3-run-'));
const outfile = join(dir, 'script.mjs');
await build({
  entryPoints: [resolve(script)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['@a3/source'],
  logLevel: 'warning',
  plugins: [
    {
      name: 'third-party-external',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (a) =>
          a.path.startsWith('@a3/') ? undefined : { path: a.path, external: true },
        );
      },
    },
  ],
  // Bundled ESM still needs require() for the CommonJS packages it imports.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
});
process.argv = [process.argv[0], resolve(script), ...args];
try {
  await import(pathToFileURL(outfile).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
