import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@a3/core';

/** The three series of `a3-bench --growth`. */
export const GROWTH_SERIES = ['score-rows', 'train-rows', 'input-width'] as const;
export type GrowthSeries = (typeof GROWTH_SERIES)[number];

export interface GrowthArgs {
  help: boolean;
  series: GrowthSeries[];
  /** Rows scored: 10 k, 100 k, 1 M (and 10 M with --max-score-rows 10000000). */
  scoreRows: number[];
  /** Training rows: 10 k, 100 k, 1 M (one epoch per phase, so the cost is per row). */
  trainRows: number[];
  /** Input widths of the synthetic fit-and-score series. */
  widths: number[];
  model?: string;
  dataDir?: string;
  json: boolean;
  out?: string;
  writeDocs: boolean;
  docsFile?: string;
}

export const GROWTH_USAGE = `a3-bench --growth — time and peak memory as the work grows

Usage: a3-bench --growth [options]

  --series a,b            ${GROWTH_SERIES.join(', ')} (default: all)
  --max-score-rows N      largest CSV scored: 10 k, 100 k, 1 M, 10 M … up to N (default 1000000;
                          10000000 adds the 10 M point, ~1.4 GB of CSV and a few minutes)
  --max-train-rows N      largest training CSV: 10 k, 100 k, 1 M … up to N (default 1000000)
  --widths a,b,c          input widths of the synthetic series (default 40,122,256,512,784)
  --model DIR             model for score-rows (default: one trained here on NSL-KDD)
  --data-dir DIR          NSL-KDD folder (default ../shared/data/nsl-kdd)
  --json, --out DIR       output as in a3-bench
  --write-docs            write the tables into docs/benchmarks.md (its "Growth" section)
  --docs-file PATH        where --write-docs writes

score-rows runs \`a3 score\` and train-rows \`a3 train\` (one epoch per phase, --preset paper) as
child processes on NSL-KDD-shaped CSVs and reports each one's wall time and peak RSS;
input-width fits an A³ detector (100 + 100 steps) and scores 100 000 rows of synthetic data
of each width in this process.`;

function int(name: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(v) || v < min) {
    throw new InvalidArgumentError(`--${name} must be a whole number ≥ ${min}; got "${raw}".`);
  }
  return v;
}

/** 10 k, 100 k, … up to and including `max` (powers of ten from 10 000). */
export function decades(max: number): number[] {
  const out: number[] = [];
  for (let n = 10_000; n <= max; n *= 10) out.push(n);
  return out.length ? out : [max];
}

function isSeries(s: string): s is GrowthSeries {
  return (GROWTH_SERIES as readonly string[]).includes(s);
}

export function parseGrowthArgs(argv: readonly string[]): GrowthArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.filter((a) => a !== '--growth'),
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        series: { type: 'string' },
        'max-score-rows': { type: 'string' },
        'max-train-rows': { type: 'string' },
        widths: { type: 'string' },
        model: { type: 'string' },
        'data-dir': { type: 'string' },
        json: { type: 'boolean' },
        out: { type: 'string' },
        'write-docs': { type: 'boolean' },
        'docs-file': { type: 'string' },
      },
    });
  } catch (err) {
    throw new InvalidArgumentError(`${(err as Error).message}. See a3-bench --growth --help.`);
  }
  const v = parsed.values;
  const series = (v.series ?? GROWTH_SERIES.join(',')).split(',').map((s) => s.trim());
  for (const s of series) {
    if (!isSeries(s)) {
      throw new InvalidArgumentError(
        `--series: unknown series "${s.slice(0, 40)}". Choose from ${GROWTH_SERIES.join(', ')}.`,
      );
    }
  }
  const widths = (v.widths ?? '40,122,256,512,784').split(',').map((w) => int('widths', w, 1)!);
  if (v['docs-file'] !== undefined && !v['write-docs']) {
    throw new InvalidArgumentError('--docs-file only applies with --write-docs.');
  }
  return {
    help: v.help ?? false,
    series: GROWTH_SERIES.filter((s) => series.includes(s)),
    scoreRows: decades(int('max-score-rows', v['max-score-rows'], 1) ?? 1_000_000),
    trainRows: decades(int('max-train-rows', v['max-train-rows'], 1) ?? 1_000_000),
    widths,
    model: v.model,
    dataDir: v['data-dir'],
    json: v.json ?? false,
    out: v.out,
    writeDocs: v['write-docs'] ?? false,
    docsFile: v['docs-file'],
  };
}
