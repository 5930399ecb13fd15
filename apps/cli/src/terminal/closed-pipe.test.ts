import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, trainSensorsModel, writeSensorsCsv } from '../testing/fixtures';

const cliRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
// Inside the package (git-ignored .scratch/), so the bundle's bare imports resolve from node_modules.
const scratch = join(cliRoot, '.scratch', `closed-pipe-${process.pid}`);
const bundle = join(scratch, 'a3.mjs');
const tmp = tempDir('pipe');
let model: string;
let big: string;

/**
 * The real `a3` entry point (src/cli.ts) as one ES module, @a3 packages from source, every other
 * package left to node_modules: what `bin/a3.js` runs after a build, without building.
 */
async function bundleCli(): Promise<void> {
  await build({
    entryPoints: [join(cliRoot, 'src', 'cli.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@a3/source'],
    logLevel: 'error',
    plugins: [
      {
        name: 'external-deps',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (a) =>
            a.path.startsWith('@a3/') || a.path.startsWith('node:')
              ? undefined
              : { path: a.path, external: true },
          );
        },
      },
    ],
  });
}

/** `a3 ARGS | head -c 100` in bash; the exit status of a3 and what it wrote on stderr. */
function pipedToHead(args: string, mergeStderr: boolean): { status: number; stderr: string } {
  const errFile = join(tmp.dir, 'stderr.txt');
  const redirect = mergeStderr ? '2>&1' : `2>"${errFile}"`;
  writeFileSync(errFile, '');
  const out = execFileSync('bash', [
    '-c',
    `"${process.execPath}" "${bundle}" ${args} ${redirect} | head -c 100 > /dev/null; echo "\${PIPESTATUS[0]}"`,
  ]).toString();
  return { status: Number(out.trim()), stderr: readFileSync(errFile, 'utf8') };
}

beforeAll(async () => {
  mkdirSync(scratch, { recursive: true });
  await bundleCli();
  ({ model } = await trainSensorsModel(tmp.dir));
  // ~1 MB of scores: far more than a pipe buffers, so a3 is still writing when head has left.
  big = writeSensorsCsv(join(tmp.dir, 'big.csv'), 30_000);
}, 180_000);
afterAll(() => {
  tmp.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

describe('a3 score … | head', () => {
  it('the bundled CLI runs (sanity check of the harness)', () => {
    const r = spawnSync(process.execPath, [bundle, '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^a3 \d+\.\d+\.\d+/);
  });

  it('ends quietly with exit 0 when the reader closes the pipe', () => {
    for (let i = 0; i < 2; i++) {
      const r = pipedToHead(`score "${model}" "${big}" --chunk-size 500 --backend onnx`, false);
      expect(r.status).toBe(0);
      expect(r.stderr).not.toMatch(/a3 score:|error|EPIPE/i);
    }
  });

  it('also when stderr goes into the same closed pipe (2>&1 | head)', () => {
    for (let i = 0; i < 3; i++) {
      expect(pipedToHead(`score "${model}" "${big}" --chunk-size 500 --backend onnx`, true).status).toBe(0);
    }
  });
});
