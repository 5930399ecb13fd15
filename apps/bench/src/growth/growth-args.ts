import { Args, parseCommandLine, positionals, type OptionTable } from '@a3/args';
import { readReportOptions, REPORT_OPTIONS, type ReportOptions } from '../report/publish';

/** The three series of `a3-bench --growth`. */
export const GROWTH_SERIES = ['score-rows', 'train-rows', 'input-width'] as const;
export type GrowthSeries = (typeof GROWTH_SERIES)[number];

export interface GrowthArgs extends ReportOptions {
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

/** 10 k, 100 k, … up to and including `max` (powers of ten from 10 000). */
export function decades(max: number): number[] {
  const out: number[] = [];
  for (let n = 10_000; n <= max; n *= 10) out.push(n);
  return out.length ? out : [max];
}

/** The options of `a3-bench --growth` (--help / -h are the parser's). */
const GROWTH_OPTIONS: OptionTable = {
  growth: { type: 'boolean' },
  series: { type: 'string' },
  'max-score-rows': { type: 'string' },
  'max-train-rows': { type: 'string' },
  widths: { type: 'string' },
  model: { type: 'string' },
  'data-dir': { type: 'string' },
  ...REPORT_OPTIONS,
};

/** Parses `a3-bench --growth …`; every mistake is an InvalidArgumentError naming the flag. */
export function parseGrowthArgs(argv: readonly string[]): GrowthArgs {
  const line = parseCommandLine(argv, GROWTH_OPTIONS, 'a3-bench --growth');
  positionals(line.positionals, [], 'a3-bench --growth [options]');
  const a = new Args(line.values);
  const series = a.choiceList('series', GROWTH_SERIES, 'series') ?? GROWTH_SERIES;
  return {
    help: line.help,
    ...readReportOptions(a),
    series: GROWTH_SERIES.filter((s) => series.includes(s)),
    scoreRows: decades(a.int('max-score-rows') ?? 1_000_000),
    trainRows: decades(a.int('max-train-rows') ?? 1_000_000),
    widths: a.intList('widths') ?? [40, 122, 256, 512, 784],
    model: a.string('model'),
    dataDir: a.string('data-dir'),
  };
}
