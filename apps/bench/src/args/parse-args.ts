import { Args, clip, parseCommandLine, positionals, type OptionTable } from '@a3/args';
import { InvalidArgumentError } from '@a3/core';
import { LATENCY_REPS_FACTOR, ONCE_ROUND_LIMIT_MS } from '../run/plan';
import { DOCS_ROUNDS } from '../run/rounds';
import { WORKLOAD_IDS, type WorkloadId } from '../workloads/workload';

export interface BenchArgs {
  help: boolean;
  backends?: string[];
  workloads?: WorkloadId[];
  reps?: number;
  warmup?: number;
  /** --rounds N, else DOCS_ROUNDS with --write-docs and 1 otherwise. */
  rounds: number;
  /** --round I/R: one round of an R-round run (what each child process of --rounds runs). */
  round?: { index: number; of: number };
  threads?: number;
  seed?: number;
  quick: boolean;
  json: boolean;
  out?: string;
  writeDocs: boolean;
  docsFile?: string;
  dataDir?: string;
  parity: boolean;
  inProcess: boolean;
}

/**
 * The modes main() sends to their own parsers before this one runs. They are in the table so a
 * typo of one gets a did-you-mean (`--vs-torh` → `--vs-torch`) and the list of options names them.
 */
export const MODES = ['serve', 'vs-torch', 'growth', 'ray', 'iforest'] as const;
export type Mode = (typeof MODES)[number];

/** One line per mode for --help (the compiler names a mode without one). */
const MODE_SUMMARY: Record<Mode, string> = {
  serve: 'a3 serve under HTTP load, next to FastAPI + onnxruntime',
  'vs-torch': 'a3 next to PyTorch on the same workloads',
  growth: 'time and peak memory as the work grows',
  ray: 'batch scoring on a 2-node Ray cluster next to a3 score',
  iforest: 'Isolation Forest fit + score on one core',
};

/**
 * The mode a command line selects: its first argument, when that is a mode's flag. Only the
 * first: later on, `--serve` may be the value of the option before it (`--out --serve`); as a
 * flag there, the backends run's parser refuses it with the fix (put it first).
 */
export function modeOf(argv: readonly string[]): Mode | undefined {
  const first = argv[0] ?? '';
  return MODES.find((m) => first === `--${m}`);
}

export const USAGE = `a3-bench — which a3 backend should I use, and how fast is it?

Usage: a3-bench [options]

  --backends a,b       backends to measure (default: every available one; see \`a3 backends\`)
  --workloads x,y      ${WORKLOAD_IDS.join(', ')}
                       (default: all)
  --reps N             timed repetitions per workload (default: as many as fit ~4 s, 3–30;
                       latency-b1 runs ${LATENCY_REPS_FACTOR}×N single-sample calls; fit-nsl-kdd runs once)
  --warmup N           untimed runs before timing (default 2; 1 with --quick)
  --rounds N           measure every backend N times, alternating the backend order each round
                       (A B C, C B A, ...), and report the median of the rounds' medians; each
                       round runs 1/N of the reps (--reps counts all rounds together), and a
                       cell whose first rep takes over 1 s (a fit: ${ONCE_ROUND_LIMIT_MS / 1000} s) is measured
                       whole in one round (default ${DOCS_ROUNDS} with --write-docs, else 1)
  --threads N          intra-op threads for onnx and tfjs-node (default: all cores)
  --quick              < 2-minute smoke run (1–3 reps, small fit; skips conv and fit on tfjs-cpu)
  --json               print one JSON object instead of the table
  --out DIR            also write DIR/report.md, DIR/report.json, DIR/chart.svg
  --write-docs         write docs/benchmarks.md (the full run; not with --quick)
  --docs-file PATH     where --write-docs writes (default: docs/benchmarks.md in the repository)
  --data-dir DIR       NSL-KDD folder (default: ../shared/data/nsl-kdd from the repository root)
  --seed N             seed of weights and data (default 2409)
  --skip-parity        do not measure score parity
  --in-process         measure every backend in this process (default: one child process per
                       backend and round, so peak RSS is that backend's alone)
  --round I/R          internal: run round I of R in this process (what each child of --rounds
                       runs); marks rows measured whole so later rounds skip them
  -h, --help           this text

Instead of the backends run, as the first argument (each has --help for its options):
${MODES.map((m) => `  --${m.padEnd(19)}${MODE_SUMMARY[m]}`).join('\n')}

Progress goes to stderr; the table (or JSON) to stdout.`;

function roundArg(raw: string | undefined): { index: number; of: number } | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = m ? Number(m[1]) : NaN;
  const of = m ? Number(m[2]) : NaN;
  if (!(index >= 1 && of >= index)) {
    throw new InvalidArgumentError(
      `--round must be I/R with 1 ≤ I ≤ R; got "${clip(raw)}". Example: --round 2/3 (to measure in rounds, use --rounds 3).`,
    );
  }
  return { index, of };
}

/** The options of `a3-bench` (--help / -h are the parser's). */
const BENCH_OPTIONS: OptionTable = {
  backends: { type: 'string' },
  workloads: { type: 'string' },
  reps: { type: 'string' },
  warmup: { type: 'string' },
  rounds: { type: 'string' },
  round: { type: 'string' },
  threads: { type: 'string' },
  seed: { type: 'string' },
  quick: { type: 'boolean' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  'write-docs': { type: 'boolean' },
  'docs-file': { type: 'string' },
  'data-dir': { type: 'string' },
  'skip-parity': { type: 'boolean' },
  'in-process': { type: 'boolean' },
  ...Object.fromEntries(MODES.map((m) => [m, { type: 'boolean' }])),
};

/** Parses and validates the command line; every mistake is an InvalidArgumentError that says the fix. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const line = parseCommandLine(argv, BENCH_OPTIONS, 'a3-bench');
  positionals(line.positionals, [], 'a3-bench [options] (a3-bench --help lists them)');
  const a = new Args(line.values);
  const mode = MODES.find((m) => a.flag(m));
  if (mode !== undefined) {
    throw new InvalidArgumentError(
      `--${mode} is a benchmark of its own with its own options, and comes first: a3-bench --${mode} [options] (see a3-bench --${mode} --help).`,
    );
  }
  const writeDocs = a.flag('write-docs');
  const args: BenchArgs = {
    help: line.help,
    backends: a.list('backends'),
    workloads: a.choiceList('workloads', WORKLOAD_IDS, 'workload'),
    reps: a.int('reps'),
    warmup: a.int('warmup', 0),
    rounds: a.int('rounds') ?? (writeDocs ? DOCS_ROUNDS : 1),
    round: roundArg(a.string('round')),
    threads: a.int('threads'),
    seed: a.int('seed', 0),
    quick: a.flag('quick'),
    json: a.flag('json'),
    out: a.string('out'),
    writeDocs,
    docsFile: a.string('docs-file'),
    dataDir: a.string('data-dir'),
    parity: !a.flag('skip-parity'),
    inProcess: a.flag('in-process'),
  };
  if (args.writeDocs && args.quick) {
    throw new InvalidArgumentError(
      '--write-docs records the full run in docs/benchmarks.md; drop --quick (or use --out DIR for a quick report).',
    );
  }
  if (args.round && a.has('rounds')) {
    throw new InvalidArgumentError(
      '--round I/R is one round of a --rounds run (what its child processes get); use --rounds N alone.',
    );
  }
  if (args.docsFile !== undefined && !args.writeDocs) {
    throw new InvalidArgumentError('--docs-file only applies with --write-docs.');
  }
  return args;
}
