import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A server under test: its process and the URL it printed. */
export interface ServerProcess {
  name: string;
  url: string;
  /** What the server said after its URL on the `listening on` line (its setup), or ''. */
  setup: string;
  pid: number;
  /** Resident memory of the server process now, MiB (Linux /proc; NaN elsewhere). */
  rssMiB(): number;
  /** SIGTERM, then resolves when the process is gone (SIGKILL after 20 s). */
  stop(): Promise<void>;
  /** Its stderr so far (for failure reports). */
  stderr(): string;
}

/**
 * Starts a server process and waits (up to `timeoutMs`) for the line `listening on URL` on its
 * stdout. Both a3 serve and the Python server print it.
 */
export function startServer(
  name: string,
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(command, [...args], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise<ServerProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${name} did not print "listening on" within ${(options.timeoutMs ?? 120_000) / 1000} s: ${err.slice(-500)}`,
        ),
      );
    }, options.timeoutMs ?? 120_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${name} (${command}): ${e.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before listening: ${err.slice(-800)}`));
    });
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)([^\n]*)\n/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      const pid = child.pid as number;
      resolve({
        name,
        url: m[1],
        setup: m[2].trim().replace(/^\((.*)\)$/, '$1'),
        pid,
        rssMiB: () => rssMiB(pid),
        stderr: () => err,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
          await exited;
          clearTimeout(kill);
        },
      });
    });
  });
}

/** VmRSS of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Runs a command to completion (model training, export); throws with its stderr on failure. */
export function runToEnd(command: string, args: readonly string[], what: string): string {
  const r = spawnSync(command, [...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(
      `${what} failed (${r.error?.message ?? `exit ${r.status}`}): ${(r.stderr ?? '').trim().slice(-800)}`,
    );
  }
  return r.stdout;
}
