import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../../..');

/**
 * The CLI built from source into one ES module, for tests that must run `a3` as its own process
 * (signals, exit codes): esbuild (the bundler under tsup and vite) bundles src/cli.ts with every
 * @a3/* package from its sources (the `@a3/source` condition) and the ONNX backend imported
 * up front, so the run uses this checkout and not a stale dist/. Third-party packages stay
 * external and resolve from the repository's node_modules, where the bundle is written.
 */
export async function buildCliFromSource(): Promise<{ entry: string; cleanup: () => void }> {
  const esbuild = await import('esbuild');
  const outDir = join(repoRoot, 'node_modules', '.cache', 'a3-cli-test', `${process.pid}-${Date.now()}`);
  mkdirSync(outDir, { recursive: true });
  const entry = join(outDir, 'a3.mjs');
  await esbuild.build({
    stdin: {
      // The backend registers itself on import; core would otherwise import its built dist/.
      contents: "import '@a3/backend-onnx';\nimport './apps/cli/src/cli.ts';\n",
      resolveDir: repoRoot,
      sourcefile: 'a3-test-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@a3/source'],
    outfile: entry,
    logLevel: 'error',
    // Bundled CommonJS helpers call require(); give the ES module one.
    banner: {
      js: "import { createRequire as __a3Require } from 'node:module'; const require = __a3Require(import.meta.url);",
    },
    plugins: [
      {
        name: 'third-party-external',
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@a3/') ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  return { entry, cleanup: () => rmSync(outDir, { recursive: true, force: true }) };
}

/** A running `a3` process with its output collected line by line. */
export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  stdout: string[];
  stderr: string[];
  /** Resolves with the first stdout/stderr line matching `re` (rejects on exit or after `timeoutMs`). */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or the signal name) once the process ended. */
  exited: Promise<number | string>;
}

export function spawnCli(entry: string, argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, [entry, ...argv], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const onLine = (into: string[]) => {
    let pending = '';
    return (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        into.push(line);
        for (const w of [...waiters]) {
          const m = line.match(w.re);
          if (m) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(m);
          }
        }
      }
    };
  };
  child.stdout.setEncoding('utf8').on('data', onLine(stdout));
  child.stderr.setEncoding('utf8').on('data', onLine(stderr));
  const exited = new Promise<number | string>((ok) =>
    child.on('exit', (code, signal) => ok(code ?? signal ?? 'unknown')),
  );
  const waitFor = (re: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> => {
    const seen = [...stdout, ...stderr].map((l) => l.match(re)).find((m) => m);
    if (seen) return Promise.resolve(seen);
    return new Promise((ok, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`timed out waiting for ${re}; stderr: ${stderr.join('\n')}`)),
        timeoutMs,
      );
      const waiter = {
        re,
        resolve: (m: RegExpMatchArray) => {
          clearTimeout(timer);
          ok(m);
        },
      };
      waiters.push(waiter);
      void exited.then((code) => {
        if (!waiters.includes(waiter)) return;
        clearTimeout(timer);
        fail(new Error(`a3 exited (${code}) before printing ${re}; stderr: ${stderr.join('\n')}`));
      });
    });
  };
  return { child, stdout, stderr, waitFor, exited };
}
