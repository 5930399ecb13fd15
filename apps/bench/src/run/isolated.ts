import { spawn } from 'node:child_process';
import type { BenchArgs } from '../args/parse-args';
import { currentLoad, describeMachine } from '../measure/machine';
import { measureParity, PARITY_TOLERANCE } from '../parity/parity';
import type { BenchReport, BenchResult, ParityReport } from '../report/types';
import { WORKLOAD_IDS, type WorkloadId } from '../workloads/workload';
import { cellKey, mergeRoundRows, roundOrder, settledCells } from './rounds';
import { resolveBackends } from './backends';
import { DEFAULT_SEED } from './run-bench';

/** One round of several, as a child runs it: round `index` of `of`, on the cells still open. */
export interface ChildRound {
  index: number;
  of: number;
  /** The workloads of this backend that earlier rounds did not settle. */
  workloads: readonly WorkloadId[];
}

/**
 * The command line of the child that measures one backend: the same run, restricted to that
 * backend, in-process, as JSON, without parity (the parent measures parity across all); with
 * rounds, one round (`--round I/R`) of the workloads still open.
 */
export function childArgv(args: BenchArgs, backend: string, dataDir: string, round?: ChildRound): string[] {
  const out = ['--backends', backend, '--in-process', '--json', '--skip-parity', '--data-dir', dataDir];
  if (round && round.of > 1) {
    out.push('--round', `${round.index}/${round.of}`, '--workloads', round.workloads.join(','));
  } else if (args.workloads) out.push('--workloads', args.workloads.join(','));
  if (args.reps !== undefined) out.push('--reps', String(args.reps));
  if (args.warmup !== undefined) out.push('--warmup', String(args.warmup));
  if (args.threads !== undefined) out.push('--threads', String(args.threads));
  if (args.seed !== undefined) out.push('--seed', String(args.seed));
  if (args.quick) out.push('--quick');
  return out;
}

export interface ChildOutcome {
  backend: string;
  /** The child's report, or why there is none (crash, bad output). */
  report?: BenchReport;
  error?: string;
  /** With rounds: which one, and the workloads it was given (default: every workload of the run). */
  round?: ChildRound;
}

/**
 * One report from the parent's discovery and each child's results. With rounds (several
 * children per backend, `base.settings.rounds` > 1) each cell's rows are merged into one
 * (mergeRoundRows) and a skip or an unavailable backend reported by several rounds is listed once.
 */
export function mergeReports(base: BenchReport, children: readonly ChildOutcome[]): BenchReport {
  const out: BenchReport = {
    ...base,
    machine: { ...base.machine, libraries: { ...base.machine.libraries } },
    results: [...base.results],
    unavailable: [...base.unavailable],
    skipped: [...base.skipped],
    failed: [...base.failed],
  };
  // Every round reports the same skips (and a backend unavailable in a child) again: list each once.
  const seen = new Set<string>();
  const once = (key: string) => {
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  const rows: BenchResult[] = [];
  for (const c of children) {
    if (!c.report) {
      const label = c.round && c.round.of > 1 ? ` (round ${c.round.index}/${c.round.of})` : '';
      for (const workload of c.round?.workloads ?? base.settings.workloads)
        out.failed.push({
          workload,
          backend: c.backend,
          error: (c.error ?? 'the measuring process failed') + label,
        });
      continue;
    }
    Object.assign(out.machine.libraries, c.report.machine.libraries);
    rows.push(...c.report.results);
    out.unavailable.push(...c.report.unavailable.filter((u) => once(`unavailable\u0000${u.backend}`)));
    out.skipped.push(
      ...c.report.skipped.filter((k) => once(`skipped\u0000${cellKey(k.workload, k.backend)}`)),
    );
    out.failed.push(...c.report.failed);
  }
  out.results.push(...((base.settings.rounds ?? 1) > 1 ? mergeRoundRows(rows) : rows));
  return out;
}

function runChild(
  self: readonly string[],
  argv: readonly string[],
  backend: string,
  onStderr: (line: string) => void,
): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = spawn(self[0], [...self.slice(1), ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      const lines = (pending + d).split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) onStderr(l);
    });
    child.on('error', (err) =>
      resolve({ backend, error: `could not start the measuring process: ${err.message}` }),
    );
    child.on('close', (code, signal) => {
      if (pending) onStderr(pending);
      try {
        resolve({ backend, report: JSON.parse(stdout) as BenchReport });
      } catch {
        resolve({
          backend,
          error: `the measuring process ${signal ? `was killed by ${signal}` : `exited with code ${code}`} without a report`,
        });
      }
    });
  });
}

export interface IsolatedOptions {
  args: BenchArgs;
  /** How to start this program again: [node, path/to/a3-bench.js]. */
  self: readonly string[];
  dataDir: string;
  log: (line: string) => void;
  /** Child stderr lines (progress), passed through. */
  passThrough: (line: string) => void;
  command: string;
}

/**
 * Measures each backend in its own process, one after the other (with --rounds N: N times, the
 * order reversed every other round, each child timing one round's share), so peak RSS is that
 * backend's alone (its native library, heap and workload — not every backend's), a crash in
 * one native runtime cannot end the run, and no backend's idle thread pool competes with
 * another's. Parity needs the backends side by side: it runs here afterwards.
 */
export async function runIsolated(o: IsolatedOptions): Promise<BenchReport> {
  const started = Date.now();
  const threads = o.args.threads ?? null;
  const machine = describeMachine(threads);
  // TensorFlow reads its pool size once, when tfjs-node's addon loads (parity runs here).
  if (threads !== null) process.env.TF_NUM_INTRAOP_THREADS ??= String(threads);
  const { backends, unavailable } = await resolveBackends(o.args.backends, o.log);
  const workloads = [...(o.args.workloads ?? WORKLOAD_IDS)];
  const rounds = o.args.rounds;
  const children: ChildOutcome[] = [];
  const settled = new Set<string>();
  for (let i = 0; i < rounds; i++) {
    for (const b of roundOrder(backends, i)) {
      const open = workloads.filter((w) => !settled.has(cellKey(w, b.name)));
      if (open.length === 0) continue;
      const round = rounds > 1 ? { index: i + 1, of: rounds, workloads: open } : undefined;
      o.log(`${b.name}: measuring in a separate process${round ? ` (round ${i + 1}/${rounds})` : ''}`);
      const c = await runChild(o.self, childArgv(o.args, b.name, o.dataDir, round), b.name, o.passThrough);
      children.push({ ...c, round });
      for (const key of settledCells(b.name, open, c.report)) settled.add(key);
    }
  }
  const seed = o.args.seed ?? DEFAULT_SEED;
  let parity: ParityReport = {
    maxAbsDiff: null,
    backends: [],
    tolerance: PARITY_TOLERANCE,
    reason: o.args.parity ? 'no backend ran' : 'not requested',
  };
  if (o.args.parity && backends.length > 0) {
    try {
      parity = await measureParity(backends, {
        seed,
        compileOptions: threads !== null ? { threads } : {},
        log: o.log,
      });
    } catch (err) {
      parity = { ...parity, reason: `failed: ${(err as Error).message}` };
    }
  }
  const base: BenchReport = {
    machine,
    settings: {
      quick: o.args.quick,
      reps: o.args.reps ?? 'auto',
      warmup: o.args.warmup ?? (o.args.quick ? 1 : 2),
      threads,
      backends: backends.map((b) => b.name),
      workloads,
      seed,
      command: o.command,
      isolated: true,
      rounds,
    },
    results: [],
    parity,
    unavailable,
    skipped: [],
    failed: [],
  };
  const report = mergeReports(base, children);
  report.machine.loadAfter = currentLoad();
  report.machine.durationSec = Math.round((Date.now() - started) / 100) / 10;
  return report;
}
