import { Args, parseCommandLine, positionals, type OptionTable } from '@a3/args';
import { readReportOptions, REPORT_OPTIONS, type ReportOptions } from '../report/publish';

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

export interface TorchBenchArgs extends ReportOptions {
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

/** The options of `a3-bench --vs-torch` (--help / -h are the parser's). */
const TORCH_OPTIONS: OptionTable = {
  'vs-torch': { type: 'boolean' },
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
  ...REPORT_OPTIONS,
};

/** Parses `a3-bench --vs-torch …`; every mistake is an InvalidArgumentError naming the flag. */
export function parseTorchBenchArgs(argv: readonly string[]): TorchBenchArgs {
  const line = parseCommandLine(argv, TORCH_OPTIONS, 'a3-bench --vs-torch');
  positionals(line.positionals, [], 'a3-bench --vs-torch [options]');
  const a = new Args(line.values);
  const workloads = a.choiceList('workloads', TORCH_WORKLOAD_IDS, 'workload') ?? TORCH_WORKLOAD_IDS;
  return {
    help: line.help,
    ...readReportOptions(a),
    workloads: TORCH_WORKLOAD_IDS.filter((w) => workloads.includes(w)),
    rounds: a.int('rounds') ?? 3,
    reps: a.int('reps') ?? 30,
    warmup: a.int('warmup', 0) ?? 50,
    threads: a.int('threads') ?? 0,
    fitSteps: a.int('fit-steps') ?? 100,
    scoreRows: a.int('score-rows') ?? 1_000_000,
    model: a.string('model'),
    dataDir: a.string('data-dir'),
    python: a.string('python'),
  };
}
