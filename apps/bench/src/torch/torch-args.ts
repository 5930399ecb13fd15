import { parseArgs } from 'node:util';
import { refuseRepeats } from '../args/repeats';
import { InvalidArgumentError } from '@a3/core';

/** The workloads of `a3-bench --vs-torch`, in report order. */
export const TORCH_WORKLOAD_IDS = [
  'alarm-train-step',
  'alarm-fit-steps',
  'conv-train-step',
  'infer-b1024',
  'infer-b1',
  'a3-fit',
  'score-csv',
  'score-csv-int8',
] as const;
export type TorchWorkloadId = (typeof TORCH_WORKLOAD_IDS)[number];

export interface TorchBenchArgs {
  help: boolean;
  workloads: TorchWorkloadId[];
  /** Rounds, a3 and PyTorch alternating (a3 first in odd rounds, PyTorch first in even ones). */
  rounds: number;
  /** Timed repetitions per engine and round (steps; infer-b1 runs 20× as many calls). */
  reps: number;
  /** Untimed steps before timing, every round, both engines (at least 50 by default). */
  warmup: number;
  threads: number;
  /** a3-fit: Adam steps per phase (target, then alarm). */
  fitSteps: number;
  /** score-csv: rows of the generated NSL-KDD-shaped CSV. */
  scoreRows: number;
  /** score-csv: an existing model directory instead of one trained here. */
  model?: string;
  dataDir?: string;
  python?: string;
  json: boolean;
  out?: string;
  writeDocs: boolean;
  docsFile?: string;
}

export const TORCH_USAGE = `a3-bench --vs-torch — a3 (onnx backend) next to PyTorch on the same workloads

Usage: a3-bench --vs-torch [options]

  --workloads x,y     ${TORCH_WORKLOAD_IDS.join(', ')} (default: all)
  --rounds N          rounds, the engine order alternating each round (default 3)
  --reps N            timed steps per engine and round (default 30; infer-b1: 20×N calls;
                      a3-fit and score-csv: 1 run per round)
  --warmup N          untimed steps first, every round, both engines (default 50)
  --threads N         intra-op threads of both engines (default: all cores)
  --fit-steps N       a3-fit: Adam steps per phase (default 100)
  --score-rows N      score-csv: rows of the NSL-KDD-shaped CSV (default 1000000)
  --model DIR         score-csv: model to score with (default: one trained here on NSL-KDD)
  --data-dir DIR      NSL-KDD folder (default ../shared/data/nsl-kdd)
  --python PATH       interpreter with torch (default: $A3_BENCH_PYTHON, else python3); score-csv
                      needs pandas and onnxruntime there too. Without them those rows are skipped
                      with the reason.
  --json              print one JSON object instead of the table
  --out DIR           also write DIR/vs-torch.md and DIR/vs-torch.json
  --write-docs        write the table into docs/benchmarks.md (its "a3 vs PyTorch" section)
  --docs-file PATH    where --write-docs writes

PyTorch runs in a child process per workload and round (apps/bench/python/torch_bench.py) with
torch.set_num_threads(--threads) and OMP_WAIT_POLICY=PASSIVE; a3 runs here. score-csv runs
\`a3 score\` (apps/cli/bin/a3.js after npm run build, or $A3_CLI) and the pandas + onnxruntime
route as child processes and reports their peak RSS.`;

function int(name: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(v) || v < min) {
    throw new InvalidArgumentError(`--${name} must be a whole number ≥ ${min}; got "${raw}".`);
  }
  return v;
}

function isTorchWorkload(id: string): id is TorchWorkloadId {
  return (TORCH_WORKLOAD_IDS as readonly string[]).includes(id);
}

/** Parses `a3-bench --vs-torch …`; every mistake is an InvalidArgumentError naming the flag. */
export function parseTorchBenchArgs(argv: readonly string[]): TorchBenchArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.filter((a) => a !== '--vs-torch'),
      tokens: true,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        workloads: { type: 'string' },
        rounds: { type: 'string' },
        reps: { type: 'string' },
        warmup: { type: 'string' },
        threads: { type: 'string' },
        'fit-steps': { type: 'string' },
        'score-rows': { type: 'string' },
        model: { type: 'string' },
        'data-dir': { type: 'string' },
        python: { type: 'string' },
        json: { type: 'boolean' },
        out: { type: 'string' },
        'write-docs': { type: 'boolean' },
        'docs-file': { type: 'string' },
      },
    });
  } catch (err) {
    throw new InvalidArgumentError(`${(err as Error).message}. See a3-bench --vs-torch --help.`);
  }
  refuseRepeats(parsed.tokens);
  const v = parsed.values;
  const workloads = (v.workloads ?? TORCH_WORKLOAD_IDS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const w of workloads) {
    if (!isTorchWorkload(w)) {
      throw new InvalidArgumentError(
        `--workloads: unknown workload "${w.slice(0, 60)}". Choose from ${TORCH_WORKLOAD_IDS.join(', ')}.`,
      );
    }
  }
  if (workloads.length === 0) throw new InvalidArgumentError('--workloads needs at least one workload.');
  if (v['docs-file'] !== undefined && !v['write-docs']) {
    throw new InvalidArgumentError('--docs-file only applies with --write-docs.');
  }
  return {
    help: v.help ?? false,
    workloads: TORCH_WORKLOAD_IDS.filter((w) => workloads.includes(w)),
    rounds: int('rounds', v.rounds, 1) ?? 3,
    reps: int('reps', v.reps, 1) ?? 30,
    warmup: int('warmup', v.warmup, 0) ?? 50,
    threads: int('threads', v.threads, 1) ?? 0,
    fitSteps: int('fit-steps', v['fit-steps'], 1) ?? 100,
    scoreRows: int('score-rows', v['score-rows'], 1) ?? 1_000_000,
    model: v.model,
    dataDir: v['data-dir'],
    python: v.python,
    json: v.json ?? false,
    out: v.out,
    writeDocs: v['write-docs'] ?? false,
    docsFile: v['docs-file'],
  };
}
