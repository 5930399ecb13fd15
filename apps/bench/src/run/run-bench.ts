import {
  A3Error,
  getBackend,
  InvalidArgumentError,
  listBackends,
  type Backend,
  type CompileOptions,
} from '@a3/core';
import { currentLoad, describeMachine } from '../measure/machine';
import { PeakRss } from '../measure/memory';
import { timeReps } from '../measure/timer';
import { measureParity, PARITY_TOLERANCE } from '../parity/parity';
import type { BenchReport, BenchResult, Failed, ParityReport, Skipped, Unavailable } from '../report/types';
import { WorkloadSkipped } from '../workloads/fit-nsl-kdd';
import { WORKLOADS } from '../workloads/registry';
import { WORKLOAD_IDS, type Workload, type WorkloadContext, type WorkloadId } from '../workloads/workload';
import { repPlan } from './plan';
import { toResult } from './result';
import { cellKey, mergeRoundRows, roundOrder } from './rounds';

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

function whyNot(w: Workload, b: Backend, quick: boolean): string | undefined {
  if (w.needs.training && !b.capabilities.training)
    return `${b.name} cannot train (capabilities.training is false)`;
  if (w.needs.conv && !b.capabilities.conv)
    return `${b.name} has no convolution ops (capabilities.conv is false)`;
  return w.skipReason?.(b.name, quick);
}

/** The reason inside core's "Backend "x" is unavailable: <reason>" (the backend is named next to it). */
function reasonOf(err: unknown): string {
  return ((err as Error).message ?? String(err)).replace(/^Backend "[^"]+" is unavailable: /, '');
}

/**
 * The backends to measure. With an explicit selection only those are loaded (each through
 * getBackend), so a run of one backend carries no other backend's native library; without
 * one, listBackends() probes every known and registered backend.
 */
export async function resolveBackends(
  wanted: readonly string[] | undefined,
  log: (l: string) => void = () => {},
): Promise<{ backends: Backend[]; unavailable: Unavailable[] }> {
  const backends: Backend[] = [];
  const unavailable: Unavailable[] = [];
  if (wanted) {
    for (const name of wanted) {
      try {
        backends.push(await getBackend(name));
      } catch (err) {
        if (err instanceof A3Error && err.code === 'A3_BACKEND_UNKNOWN') {
          throw new InvalidArgumentError(
            `--backends: ${err.message} A third-party backend must be registered (imported) before a3-bench runs.`,
          );
        }
        unavailable.push({ backend: name, reason: reasonOf(err) });
      }
    }
  } else {
    for (const info of await listBackends()) {
      if (!info.available) {
        unavailable.push({ backend: info.name, reason: info.reason ?? 'unavailable' });
        continue;
      }
      try {
        backends.push(await getBackend(info.name));
      } catch (err) {
        unavailable.push({ backend: info.name, reason: reasonOf(err) });
      }
    }
  }
  for (const u of unavailable) log(`${u.backend}: unavailable — ${u.reason}`);
  return { backends, unavailable };
}

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
  const workloads = [...(options.workloads ?? WORKLOAD_IDS)];
  const { backends, unavailable } = await resolveBackends(options.backends, log);
  const compileOptions: CompileOptions = threads !== null ? { threads } : {};
  const rounds = options.rounds ?? 1;
  // How many rounds the reps are shared between, and this round's label for progress lines.
  const share = options.round?.of ?? rounds;
  const rows: BenchResult[] = [];
  const skipped: Skipped[] = [];
  const failed: Failed[] = [];
  // Cells later rounds leave alone: skipped, failed, or measured whole.
  const settled = new Set<string>();
  const peak = new PeakRss();

  for (let round = 0; round < rounds; round++) {
    const index = options.round?.index ?? round + 1;
    const label = share > 1 ? ` (round ${index}/${share})` : '';
    for (const backend of roundOrder(backends, index - 1)) {
      machine.libraries[backend.name] = backend.describe();
      const ctx: WorkloadContext = {
        backend,
        compileOptions,
        seed,
        quick,
        dataDir: options.dataDir ?? '',
        log,
      };
      for (const id of workloads) {
        const key = cellKey(id, backend.name);
        if (settled.has(key)) continue;
        const w = WORKLOADS[id];
        const reason = whyNot(w, backend, quick);
        if (reason) {
          settled.add(key);
          skipped.push({ workload: id, backend: backend.name, reason });
          log(`${id} on ${backend.name}: skipped — ${reason}`);
          continue;
        }
        log(`${id} on ${backend.name}${label} ...`);
        peak.reset();
        try {
          const prepared = await w.prepare(ctx);
          try {
            const plan = repPlan(w.kind, {
              quick,
              reps: options.reps,
              warmup: options.warmup,
              rounds: share,
            });
            const { times, whole } = await timeReps(
              () => prepared.rep(),
              plan,
              () => peak.sample(),
            );
            const extras = (await prepared.finish?.()) ?? {};
            const r = toResult({
              workload: id,
              kind: w.kind,
              backend: backend.name,
              timesMs: times.map((t) => t / (prepared.stepsPerRep ?? 1)),
              samplesPerRep: prepared.samplesPerRep,
              flopsPerRep: prepared.flopsPerRep,
              extras,
              backendBytes: prepared.backendBytes(),
              peakRssBytes: peak.peakBytes(),
            });
            if (whole) {
              r.singleRound = true;
              settled.add(key);
            }
            rows.push(r);
            log(
              `${id} on ${backend.name}${label}: median ${r.medianMs} ms (${r.reps} reps)` +
                `${r.auc !== undefined ? `, AUC ${r.auc}` : ''}${whole ? ', measured whole in this round' : ''}`,
            );
          } finally {
            prepared.dispose();
          }
        } catch (err) {
          settled.add(key);
          if (err instanceof WorkloadSkipped) {
            skipped.push({ workload: id, backend: backend.name, reason: err.message });
            log(`${id} on ${backend.name}: skipped — ${err.message}`);
          } else {
            const msg = (err as Error).message ?? String(err);
            failed.push({ workload: id, backend: backend.name, error: msg.split('\n')[0] + label });
            log(`${id} on ${backend.name}${label}: FAILED — ${msg}`);
          }
        }
      }
    }
  }
  // One round (or a child's one of several) reports its rows as measured.
  const results = rounds > 1 ? mergeRoundRows(rows) : rows;

  let parity: ParityReport = {
    maxAbsDiff: null,
    backends: [],
    tolerance: PARITY_TOLERANCE,
    reason: options.parity === false ? 'not requested' : 'no backend ran',
  };
  if (options.parity !== false && backends.length > 0) {
    try {
      parity = await measureParity(backends, { seed, compileOptions, log });
    } catch (err) {
      parity = { ...parity, reason: `failed: ${(err as Error).message}` };
    }
  }
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
