import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const WORKER = join(ROOT, 'packages', 'model', 'src', 'pool', 'score-worker.ts');

/**
 * @a3/model's ScoringPool worker for tests that run from source (the built package ships
 * dist/score-worker.js): one bundle of the worker and `imports` (the modules that register what
 * the models need: '@a3/backend-onnx', '@a3/baselines'), with one copy of each @a3 package so
 * registrations land where the worker looks. Native runtimes stay outside; the file sits under
 * node_modules/.cache so they resolve from it.
 */
export async function bundleScoreWorker(
  imports: readonly string[],
): Promise<{ script: string; remove: () => Promise<void> }> {
  const dir = join(ROOT, 'node_modules', '.cache', 'a3-tests');
  await mkdir(dir, { recursive: true });
  const script = join(dir, `score-worker-${process.pid}-${Math.random().toString(36).slice(2)}.mjs`);
  await build({
    stdin: {
      contents: [...imports, WORKER].map((m) => `import ${JSON.stringify(m)};`).join('\n'),
      resolveDir: ROOT,
      loader: 'ts',
    },
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'esm',
    conditions: ['@a3/source'],
    external: ['onnxruntime-node', '@tensorflow/*'],
    // Bundled CommonJS dependencies call require(): give the ESM bundle one.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  return { script, remove: () => rm(script, { force: true }) };
}
