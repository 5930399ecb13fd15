import { spawn } from 'node:child_process';
import type { Output } from '@a3/cli';
import type { SuiteUnit } from './run-suite';

/** Set in a worker's environment: how many workers ran side by side (the page says so). */
export const JOBS_ENV = 'A3_QUALITY_JOBS';
/** A worker's command line, as JSON (no shell quoting between the runner and its workers). */
export const ARGV_ENV = 'A3_QUALITY_ARGV';

/** How the runner starts one worker: its own bundled module, run with another command line. */
export interface WorkerCommand {
  /** The module that exports runFromCommandLine (the runner's bundle). */
  readonly moduleUrl: string;
  /** The repository root the worker resolves defaults against. */
  readonly root: string;
}

/**
 * Runs `units` in up to `jobs` worker processes at a time, each worker a run of the runner on one
 * data set and seed (`argvFor(unit)`): the workers fill the shared cell cache, and the caller
 * then renders the page from it. A worker's finished-cell lines are passed on, prefixed with the
 * unit; its progress bars are dropped (they would interleave). Resolves with the units whose
 * worker exited non-zero (a failed cell or a data set that could not load: the final pass
 * reports them).
 */
export async function runWorkers(
  units: readonly SuiteUnit[],
  jobs: number,
  argvFor: (unit: SuiteUnit) => string[],
  command: WorkerCommand,
  io: Output,
): Promise<SuiteUnit[]> {
  const failed: SuiteUnit[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < units.length) {
      const unit = units[next++];
      const code = await runWorker(unit, argvFor(unit), command, jobs, io);
      if (code !== 0) failed.push(unit);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, units.length) }, worker));
  return failed;
}

/** The script a worker runs: import the bundle, run its command line from the environment. */
function workerScript(command: WorkerCommand): string {
  return (
    `const m = await import(${JSON.stringify(command.moduleUrl)});` +
    `process.exitCode = await m.runFromCommandLine(JSON.parse(process.env.${ARGV_ENV}), { root: ${JSON.stringify(command.root)} });`
  );
}

function runWorker(
  unit: SuiteUnit,
  argv: readonly string[],
  command: WorkerCommand,
  jobs: number,
  io: Output,
): Promise<number> {
  const tag = `[${unit.dataset} seed ${unit.seed}]`;
  io.err(`${tag} worker started`);
  return new Promise((resolveExit) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', workerScript(command)], {
      cwd: command.root,
      env: { ...process.env, [JOBS_ENV]: String(jobs), [ARGV_ENV]: JSON.stringify(argv) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let pending = '';
    const forward = (line: string) => {
      // A progress bar redraws with \r: keep what the line ends as, drop bars still running.
      const last = line.slice(line.lastIndexOf('\r') + 1).trimEnd();
      if (last && !/ETA \S+$/.test(last)) io.err(`${tag} ${last}`);
    };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) forward(line);
    });
    child.on('error', (err) => {
      io.err(`${tag} could not start a worker: ${err.message}`);
      resolveExit(1);
    });
    child.on('close', (code) => {
      if (pending) forward(pending);
      io.err(`${tag} worker finished${code ? ` with exit code ${code}` : ''}`);
      resolveExit(code ?? 1);
    });
  });
}
