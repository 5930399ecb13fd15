import { InvalidArgumentError, type Backend, type CompileOptions } from '@a3/core';
import { currentLoad, describeMachine } from '../measure/machine';
import { PeakRss } from '../measure/memory';
import { measureParity, PARITY_TOLERANCE } from '../parity/parity';
import type { BenchReport, ParityReport } from '../report/types';
import { WORKLOAD_IDS, type WorkloadId } from '../workloads/workload';
import { resolveBackends } from './backends';
import { runCell, type CellTally } from './cell';
import { mergeRoundRows, roundOrder } from './rounds';

export interface BenchOptions {
  /** Backends to measure, in this order (default: every available one, fastest-first). */
  backends?: readonly string[];
  workloads?: readonly WorkloadId[];
  /** Timed repetitions (default: auto, ~4 s per workload). */
  reps?: number;
  warmup?: number;
  /**
   * Measure every backend this many times, alternating the backend order each round, and
   * merge the rounds per workload (default 1; see rounds.ts).
   */
  rounds?: number;
  /**
   * Run only round `index` of `of` (what each child process of --rounds runs): repetitions for
   * one round's share, rows measured whole marked `singleRound`. Not with `rounds`.
   */
  round?: { index: number; of: number };
  /** Intra-op threads for onnx and tfjs-node (default: the backend's own, = cores). */
  threads?: number;
  quick?: boolean;
  /** NSL-KDD folder for fit-nsl-kdd. */
  dataDir?: string;
  /** Default 2409 (the paper's first seed). */
  seed?: number;
  /** Measure score parity across backends (default true). */
  parity?: boolean;
  log?: (line: string) => void;
  /** The command line, recorded in the report. */
  command?: string;
}

export const DEFAULT_SEED = 2409;

/**
 * Runs every selected workload on every selected backend in this process, one at a time
 * (backend by backend, so tfjs never switches kernels mid-measurement), then score parity.
 * With `rounds` > 1 all of that repeats, the backend order reversed every other round, and the
 * rounds are merged per cell (mergeRoundRows). Failures of one cell are recorded (and not
 * retried in later rounds) and the run goes on.
 */
export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  if (options.round && (options.rounds ?? 1) !== 1) {
    throw new InvalidArgumentError(
      'runBench: give either rounds (all of them) or round (one of them), not both.',
    );
  }
  const log = options.log ?? (() => {});
  const quick = options.quick ?? false;
  const seed = options.seed ?? DEFAULT_SEED;
  const threads = options.threads ?? null;
  const machine = describeMachine(threads);
  const started = Date.now();
  // TensorFlow reads its pool size once, when tfjs-node's addon loads (during discovery below).
  if (threads !== null) process.env.TF_NUM_INTRAOP_THREADS ??= String(threads);
  const workloads: WorkloadId[] = [...(options.workloads ?? WORKLOAD_IDS)];
  const { backends, unavailable } = await resolveBackends(options.backends, log);
  const compileOptions: CompileOptions = threads !== null ? { threads } : {};
  const rounds = options.rounds ?? 1;
  // How many rounds the reps are shared between, and this round's label for progress lines.
  const share = options.round?.of ?? rounds;
  const tally: CellTally = { rows: [], skipped: [], failed: [], settled: new Set<string>() };
  const peak = new PeakRss();

  for (let round = 0; round < rounds; round++) {
    const index = options.round?.index ?? round + 1;
    const label = share > 1 ? ` (round ${index}/${share})` : '';
    for (const backend of roundOrder(backends, index - 1)) {
      machine.libraries[backend.name] = backend.describe();
      const ctx = { backend, compileOptions, seed, quick, dataDir: options.dataDir ?? '', log };
      const settings = { ctx, reps: options.reps, warmup: options.warmup, share, label, peak };
      for (const id of workloads) await runCell(id, settings, tally);
    }
  }
  const { rows, skipped, failed } = tally;
  // One round (or a child's one of several) reports its rows as measured.
  const results = rounds > 1 ? mergeRoundRows(rows) : rows;
  const parity = await scoreParity(options, backends, { seed, compileOptions, log });
  machine.loadAfter = currentLoad();
  machine.durationSec = Math.round((Date.now() - started) / 100) / 10;
  return {
    machine,
    settings: {
      quick,
      reps: options.reps ?? 'auto',
      warmup: options.warmup ?? (quick ? 1 : 2),
      threads,
      backends: backends.map((b) => b.name),
      workloads,
      seed,
      command: options.command ?? 'a3-bench',
      isolated: false,
      rounds,
    },
    results,
    parity,
    unavailable,
    skipped,
    failed,
  };
}

/** Score parity across the backends that ran, unless turned off; a failure is reported, not thrown. */
async function scoreParity(
  options: BenchOptions,
  backends: readonly Backend[],
  settings: { seed: number; compileOptions: CompileOptions; log: (line: string) => void },
): Promise<ParityReport> {
  const parity: ParityReport = {
    maxAbsDiff: null,
    backends: [],
    tolerance: PARITY_TOLERANCE,
    reason: options.parity === false ? 'not requested' : 'no backend ran',
  };
  if (options.parity === false || backends.length === 0) return parity;
  try {
    return await measureParity([...backends], settings);
  } catch (err) {
    return { ...parity, reason: `failed: ${(err as Error).message}` };
  }
}
