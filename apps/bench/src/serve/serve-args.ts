import { Args, parseCommandLine, positionals, type OptionTable } from '@a3/args';
import { readReportOptions, REPORT_OPTIONS, type ReportOptions } from '../report/publish';

export interface ServeBenchArgs extends ReportOptions {
  help: boolean;
  /** Seconds of load at each concurrency below the highest. */
  durationSec: number;
  /** Seconds of load at the highest concurrency (the soak: RSS is sampled every second). */
  soakSec: number;
  concurrency: number[];
  rowsPerRequest: number;
  /** A model directory to serve; default: one trained here on NSL-KDD. */
  model?: string;
  dataDir?: string;
  backend?: string;
  maxBatchRows?: number;
  maxBatchDelayMs?: number;
  /** a3 serve --threads. */
  threads?: number;
  /** 'int8': a3 serve --quantize int8, and FastAPI on the model exported with --quantize int8. */
  quantize: 'none' | 'int8';
  /** Python interpreter for the FastAPI + onnxruntime server (else A3_BENCH_PYTHON or .venv). */
  python?: string;
  skipPython: boolean;
  seed: number;
}

export const SERVE_USAGE = `a3-bench --serve — a3 serve under HTTP load, next to FastAPI + onnxruntime

Usage: a3-bench --serve [options]

  --duration S          seconds of load at each concurrency but the last (default 10)
  --soak S              seconds at the highest concurrency, RSS sampled every second
                        (default 20; the acceptance run uses 300)
  --concurrency a,b,c   requests kept in flight (default 1,16,64)
  --rows N              rows per request (default 32)
  --model DIR           model directory to serve (default: a model trained here on NSL-KDD,
                        from --data-dir, default ../shared/data/nsl-kdd)
  --backend NAME        backend of a3 serve (default: the fastest installed)
  --max-batch-rows N, --max-batch-delay-ms MS, --threads N   passed to a3 serve
  --quantize int8       both servers on the int8 model (a3 serve --quantize int8; FastAPI on
                        a3 export --quantize int8); --write-docs writes its own section
  --python PATH         interpreter with fastapi, uvicorn, onnxruntime (default: $A3_BENCH_PYTHON,
                        else .venv/bin/python in the repository; skipped with the reason if absent)
  --skip-python         measure a3 serve only
  --json                print one JSON object instead of the table
  --out DIR             also write DIR/serve-report.md and DIR/serve-report.json
  --write-docs          write the tables into docs/benchmarks.md (its "a3 serve under load" section)
  --docs-file PATH      where --write-docs writes
  --seed N              seed of the synthetic request rows (default 2409)

The a3 command is started as \`node apps/cli/bin/a3.js\` (after npm run build), or the JS file in
$A3_CLI. Load comes from this process over keep-alive connections to 127.0.0.1 only.`;

/** The options of `a3-bench --serve` (--help / -h are the parser's). */
const SERVE_OPTIONS: OptionTable = {
  serve: { type: 'boolean' },
  duration: { type: 'string' },
  soak: { type: 'string' },
  concurrency: { type: 'string' },
  rows: { type: 'string' },
  model: { type: 'string' },
  'data-dir': { type: 'string' },
  backend: { type: 'string' },
  'max-batch-rows': { type: 'string' },
  'max-batch-delay-ms': { type: 'string' },
  threads: { type: 'string' },
  quantize: { type: 'string' },
  python: { type: 'string' },
  'skip-python': { type: 'boolean' },
  ...REPORT_OPTIONS,
  seed: { type: 'string' },
};

/** Parses `a3-bench --serve …`; every mistake is an InvalidArgumentError naming the flag. */
export function parseServeBenchArgs(argv: readonly string[]): ServeBenchArgs {
  const line = parseCommandLine(argv, SERVE_OPTIONS, 'a3-bench --serve');
  positionals(line.positionals, [], 'a3-bench --serve [options]');
  const a = new Args(line.values);
  return {
    help: line.help,
    ...readReportOptions(a),
    durationSec: a.int('duration') ?? 10,
    soakSec: a.int('soak') ?? 20,
    concurrency: a.intList('concurrency') ?? [1, 16, 64],
    rowsPerRequest: a.int('rows') ?? 32,
    model: a.string('model'),
    dataDir: a.string('data-dir'),
    backend: a.string('backend'),
    maxBatchRows: a.int('max-batch-rows'),
    maxBatchDelayMs: a.number('max-batch-delay-ms', { min: 0 }),
    threads: a.int('threads', 0),
    quantize: a.choice('quantize', ['none', 'int8'] as const) ?? 'none',
    python: a.string('python'),
    skipPython: a.flag('skip-python'),
    seed: a.int('seed', 0) ?? 2409,
  };
}
