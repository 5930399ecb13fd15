import { Args, parseCommandLine, positionals, type OptionTable } from '@a3/args';
import { A3Error, Rng } from '@a3/core';
import { IsolationForest } from '@a3/baselines';
import { currentLoad, describeMachine, type MachineInfo } from '../measure/machine';
import { median } from '../measure/stats';
import { modeMain } from '../report/mode';
import { readReportOptions, REPORT_OPTIONS, type ReportOptions } from '../report/publish';

/** The budget of the baselines issue: fit + score of 100 trees on 100 k × 40 rows, one core. */
export const IFOREST_BUDGET_MS = 2000;

export interface IForestArgs extends ReportOptions {
  help: boolean;
  rows: number;
  cols: number;
  trees: number;
  rounds: number;
  seed: number;
}

export const IFOREST_USAGE = `a3-bench --iforest — Isolation Forest (@a3/baselines) fit + score on one core

Usage: a3-bench --iforest [options]

  --rows N        rows, fitted on and then scored (default 100000)
  --cols N        columns (default 40)
  --trees N       trees (default 100; max_samples min(256, rows) as scikit-learn)
  --rounds N      timed rounds after one untimed warm-up (default 3)
  --seed N        seed of the data and the forests (default 7)
  --json, --out DIR   output as in a3-bench
  --write-docs    write the table into docs/benchmarks.md (its "Isolation Forest" section)
  --docs-file PATH    where --write-docs writes

The forest is plain JavaScript on this process's main thread: one core by construction. Each
round fits a new forest (its fit includes the contamination threshold pass over the rows) and
scores every row. The data: standard-normal rows from the seed.`;

const IFOREST_OPTIONS: OptionTable = {
  iforest: { type: 'boolean' },
  rows: { type: 'string' },
  cols: { type: 'string' },
  trees: { type: 'string' },
  rounds: { type: 'string' },
  seed: { type: 'string' },
  ...REPORT_OPTIONS,
};

export function parseIForestArgs(argv: readonly string[]): IForestArgs {
  const line = parseCommandLine(argv, IFOREST_OPTIONS, 'a3-bench --iforest');
  positionals(line.positionals, [], 'a3-bench --iforest [options]');
  const a = new Args(line.values);
  return {
    help: line.help,
    ...readReportOptions(a),
    rows: a.int('rows') ?? 100_000,
    cols: a.int('cols') ?? 40,
    trees: a.int('trees') ?? 100,
    rounds: a.int('rounds') ?? 3,
    seed: a.int('seed', 0) ?? 7,
  };
}

export interface IForestRound {
  fitMs: number;
  scoreMs: number;
  totalMs: number;
}

export interface IForestReport {
  machine: MachineInfo;
  settings: Omit<IForestArgs, 'help' | 'json' | 'out'>;
  rounds: IForestRound[];
  medianTotalMs: number;
}

/** Fits and scores `rounds` forests (after one untimed warm-up); wall times per phase. */
export async function runIForestBench(
  args: IForestArgs,
  log: (line: string) => void,
): Promise<IForestReport> {
  const machine = describeMachine(1);
  const started = performance.now();
  const x = new Rng(args.seed).normalTensor([args.rows, args.cols]);
  const rounds: IForestRound[] = [];
  for (let r = 0; r <= args.rounds; r++) {
    const t0 = performance.now();
    const forest = await new IsolationForest({ nEstimators: args.trees, seed: args.seed + r }).fit({ x });
    const t1 = performance.now();
    const scores = await forest.score(x);
    const t2 = performance.now();
    if (scores.length !== args.rows || !scores.every(Number.isFinite)) {
      throw new A3Error(
        'A3_NUMERIC',
        `round ${r}: the forest gave ${scores.length} scores, not ${args.rows} finite ones.`,
      );
    }
    if (r === 0) continue; // warm-up: the JIT, not the forest
    rounds.push({ fitMs: t1 - t0, scoreMs: t2 - t1, totalMs: t2 - t0 });
    log(`round ${r}: fit ${(t1 - t0).toFixed(0)} ms + score ${(t2 - t1).toFixed(0)} ms`);
  }
  machine.loadAfter = currentLoad();
  machine.durationSec = Math.round((performance.now() - started) / 1000);
  const { help: _h, json: _j, out: _o, ...settings } = args;
  return { machine, settings, rounds, medianTotalMs: median(rounds.map((r) => r.totalMs)) };
}

const ms = (v: number) => v.toFixed(0);
const spread = (vs: number[]) => `${ms(median(vs))} (${ms(Math.min(...vs))}–${ms(Math.max(...vs))})`;

export function renderIForestMarkdown(r: IForestReport): string {
  const s = r.settings;
  const within = r.medianTotalMs < IFOREST_BUDGET_MS;
  return [
    `## Isolation Forest (${s.trees} trees, ${s.rows.toLocaleString('en-US')} × ${s.cols} rows, one core)`,
    '',
    `\`@a3/baselines\` \`iforest\`: fit (the forest, then its threshold pass over the rows) and score of every row, ` +
      `${r.rounds.length} timed rounds after a warm-up, a new seed each round; median (fastest–slowest) ms. ` +
      `Plain JavaScript on one thread: one core.`,
    '',
    '| fit ms | score ms | fit + score ms | budget |',
    '| --: | --: | --: | --- |',
    `| ${spread(r.rounds.map((x) => x.fitMs))} | ${spread(r.rounds.map((x) => x.scoreMs))} | ` +
      `${spread(r.rounds.map((x) => x.totalMs))} | ${within ? 'under' : '**over**'} ${IFOREST_BUDGET_MS} ms |`,
    '',
    `${r.machine.cpu}, Node ${r.machine.node}; load average ${r.machine.loadBefore} before, ${r.machine.loadAfter} after; ` +
      `${r.machine.durationSec} s in all.`,
    '',
    `Reproduce: \`npx a3-bench --iforest --write-docs\`.`,
  ].join('\n');
}

/** `a3-bench --iforest`. Exit code 2 for bad arguments, 1 when a round failed, else 0. */
export const iforestBenchMain = modeMain({
  flag: '--iforest',
  usage: IFOREST_USAGE,
  parse: parseIForestArgs,
  run: (args, _root, log) => runIForestBench(args, log),
  section: () => '--iforest',
  render: renderIForestMarkdown,
});
