import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { A3Error, writeFileAtomic } from '@a3/core';
import { modeOf, parseBenchArgs, USAGE, type Mode } from './args/parse-args';
import { renderDocsPage } from './report/docs-page';
import { renderJson } from './report/json';
import { renderMarkdown } from './report/markdown';
import { renderChart } from './report/svg-chart';
import type { BenchReport } from './report/types';
import { runIsolated } from './run/isolated';
import { runBench } from './run/run-bench';
import { rayBenchMain } from './ray/ray-main';
import { iforestBenchMain } from './iforest/iforest-main';
import type { ModeMain } from './report/mode';
import { serveBenchMain } from './serve/serve-main';
import { torchBenchMain } from './torch/torch-main';
import { growthBenchMain } from './growth/growth-main';
import { carrySections } from './report/docs-sections';

/** Where output goes; tests pass a buffer. */
export interface BenchIo {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: BenchIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** The monorepo root (a package.json with workspaces) above `from`, else `from`. */
export function findRepoRoot(from: string): string {
  let dir = resolve(from);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { workspaces?: unknown }).workspaces) return dir;
      } catch {
        // not JSON: keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) return resolve(from);
    dir = up;
  }
}

/** Writes a report file atomically (never half a page), then says so. */
async function writeFile(path: string, text: string, io: BenchIo): Promise<void> {
  await writeFileAtomic(path, text);
  io.err(`wrote ${path}`);
}

/** Non-zero when something that should have worked did not: a failed workload or a parity mismatch. */
export function exitCode(report: BenchReport): number {
  const p = report.parity;
  return report.failed.length > 0 || (p.maxAbsDiff !== null && p.maxAbsDiff > p.tolerance) ? 1 : 0;
}

export interface MainOptions {
  cwd?: string;
  /**
   * How to start a3-bench again ([node, bin/a3-bench.js]) to measure each backend in its own
   * process. Without it (tests, programmatic use) everything runs in this process.
   */
  self?: readonly string[];
}

/**
 * The benchmarks with options of their own, by mode flag (the first argument): the HTTP scoring
 * service (src/serve), a3 next to PyTorch (src/torch), time and memory as the work grows
 * (src/growth), batch scoring on a 2-node Ray cluster (src/ray), Isolation Forest on one core
 * (src/iforest). Without one, the backends run.
 */
const MODE_MAINS: Record<Mode, ModeMain> = {
  serve: serveBenchMain,
  'vs-torch': torchBenchMain,
  growth: growthBenchMain,
  ray: rayBenchMain,
  iforest: iforestBenchMain,
};

/** Runs a3-bench; returns the exit code (2: bad arguments, 1: a failure, 0: ok). */
export async function main(
  argv: readonly string[],
  io: BenchIo = processIo,
  options: MainOptions = {},
): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const mode = modeOf(argv);
  if (mode !== undefined) return MODE_MAINS[mode](argv, io, findRepoRoot(cwd), cwd);
  let args;
  try {
    args = parseBenchArgs(argv);
  } catch (err) {
    io.err(`a3-bench: ${(err as Error).message}`);
    return 2;
  }
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  const root = findRepoRoot(cwd);
  let report: BenchReport;
  try {
    const dataDir = args.dataDir ? resolve(cwd, args.dataDir) : join(root, '..', 'shared', 'data', 'nsl-kdd');
    const log = (line: string) => io.err(`a3-bench: ${line}`);
    const command = ['a3-bench', ...argv].join(' ');
    report =
      // --round I/R is already one child's share of a --rounds run: it measures here.
      options.self && !args.inProcess && !args.round
        ? await runIsolated({ args, self: options.self, dataDir, log, passThrough: io.err, command })
        : await runBench({
            backends: args.backends,
            workloads: args.workloads,
            reps: args.reps,
            warmup: args.warmup,
            rounds: args.round ? undefined : args.rounds,
            round: args.round,
            threads: args.threads,
            quick: args.quick,
            seed: args.seed,
            parity: args.parity,
            dataDir,
            log,
            command,
          });
  } catch (err) {
    const code = err instanceof A3Error ? ` [${err.code}]` : '';
    io.err(`a3-bench: ${(err as Error).message}${code}`);
    return err instanceof A3Error && err.code === 'A3_INVALID_ARGUMENT' ? 2 : 1;
  }
  io.out(args.json ? renderJson(report) : renderMarkdown(report));
  if (args.out) {
    const dir = resolve(cwd, args.out);
    await writeFile(join(dir, 'report.md'), renderMarkdown(report), io);
    await writeFile(join(dir, 'report.json'), renderJson(report) + '\n', io);
    await writeFile(join(dir, 'chart.svg'), renderChart(report.results), io);
  }
  if (args.writeDocs) {
    const page = resolve(cwd, args.docsFile ?? join(root, 'docs', 'benchmarks.md'));
    // The --vs-torch and --growth sections are regenerated by their own runs: keep them.
    const previous = existsSync(page) ? readFileSync(page, 'utf8') : '';
    await writeFile(page, carrySections(previous, renderDocsPage(report)), io);
  }
  const code = exitCode(report);
  if (code !== 0) io.err('a3-bench: finished with failures (see "Failed" / parity above).');
  return code;
}
