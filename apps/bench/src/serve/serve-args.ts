import { parseArgs } from 'node:util';
import { refuseRepeats } from '../args/repeats';
import { InvalidArgumentError } from '@a3/core';

export interface ServeBenchArgs {
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
  /** Python interpreter for the FastAPI + onnxruntime server (else A3_BENCH_PYTHON or .venv). */
  python?: string;
  skipPython: boolean;
  json: boolean;
  out?: string;
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
  --max-batch-rows N, --max-batch-delay-ms MS   passed to a3 serve
  --python PATH         interpreter with fastapi, uvicorn, onnxruntime (default: $A3_BENCH_PYTHON,
                        else .venv/bin/python in the repository; skipped with the reason if absent)
  --skip-python         measure a3 serve only
  --json                print one JSON object instead of the table
  --out DIR             also write DIR/serve-report.md and DIR/serve-report.json
  --seed N              seed of the synthetic request rows (default 2409)

The a3 command is started as \`node apps/cli/bin/a3.js\` (after npm run build), or the JS file in
$A3_CLI. Load comes from this process over keep-alive connections to 127.0.0.1 only.`;

function int(name: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(v) || v < min) {
    throw new InvalidArgumentError(`--${name} must be a whole number ≥ ${min}; got "${raw}".`);
  }
  return v;
}

/** Parses `a3-bench --serve …`; every mistake is an InvalidArgumentError naming the flag. */
export function parseServeBenchArgs(argv: readonly string[]): ServeBenchArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      tokens: true,
      strict: true,
      allowPositionals: false,
      options: {
        serve: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        duration: { type: 'string' },
        soak: { type: 'string' },
        concurrency: { type: 'string' },
        rows: { type: 'string' },
        model: { type: 'string' },
        'data-dir': { type: 'string' },
        backend: { type: 'string' },
        'max-batch-rows': { type: 'string' },
        'max-batch-delay-ms': { type: 'string' },
        python: { type: 'string' },
        'skip-python': { type: 'boolean' },
        json: { type: 'boolean' },
        out: { type: 'string' },
        seed: { type: 'string' },
      },
    });
  } catch (err) {
    throw new InvalidArgumentError(`${(err as Error).message}. See a3-bench --serve --help.`);
  }
  refuseRepeats(parsed.tokens);
  const v = parsed.values;
  const concurrency = (v.concurrency ?? '1,16,64')
    .split(',')
    .map((s) => int('concurrency', s.trim(), 1) as number);
  const delay = v['max-batch-delay-ms'];
  if (delay !== undefined && !(Number(delay) >= 0)) {
    throw new InvalidArgumentError(`--max-batch-delay-ms must be a number ≥ 0; got "${delay}".`);
  }
  return {
    help: v.help ?? false,
    durationSec: int('duration', v.duration, 1) ?? 10,
    soakSec: int('soak', v.soak, 1) ?? 20,
    concurrency,
    rowsPerRequest: int('rows', v.rows, 1) ?? 32,
    model: v.model,
    dataDir: v['data-dir'],
    backend: v.backend,
    maxBatchRows: int('max-batch-rows', v['max-batch-rows'], 1),
    maxBatchDelayMs: delay === undefined ? undefined : Number(delay),
    python: v.python,
    skipPython: v['skip-python'] ?? false,
    json: v.json ?? false,
    out: v.out,
    seed: int('seed', v.seed, 0) ?? 2409,
  };
}
