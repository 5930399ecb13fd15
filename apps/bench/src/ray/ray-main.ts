import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Args, parseCommandLine, positionals, type OptionTable } from '@a3/args';
import { modeMain } from '../report/mode';
import { readReportOptions, REPORT_OPTIONS, type ReportOptions } from '../report/publish';

export const RAY_USAGE = `a3-bench --ray [--rows N] [--node-cpus N] [--json] [--out DIR] [--write-docs]

Runs examples/ray-batch-scoring/run.sh (a venv from the local wheels, a model trained and exported
with a3, a 2-node Ray cluster on this machine) and reports Ray Data's throughput with 1 and 2
workers next to single-process \`a3 score\` on the same Parquet rows. Fails (exit 1) when Ray's
scores do not match a3 score's. Needs the built CLI (npm ci) and python3 with the wheels.

  --rows N        rows to score (default 1000000)
  --node-cpus N   logical CPUs each Ray node declares (default 2; see docs/deploy.md)
  --json          print the result as JSON instead of a Markdown table
  --out DIR       also write ray-report.md and ray-report.json there
  --write-docs    write the table into docs/benchmarks.md (its "Batch scoring on Ray" section)
  --docs-file PATH  where --write-docs writes`;

export interface RayRun {
  rows: number;
  a3RowsPerS: number;
  rayRowsPerS: { 1: number; 2: number };
  speedup: number;
  nodeCpus: number;
  seconds: number;
}

export interface RayArgs extends ReportOptions {
  rows: number;
  nodeCpus: number;
  help: boolean;
}

/** The options of `a3-bench --ray` (--help / -h are the parser's). */
const RAY_OPTIONS: OptionTable = {
  ray: { type: 'boolean' },
  rows: { type: 'string' },
  'node-cpus': { type: 'string' },
  ...REPORT_OPTIONS,
};

/** Parses `a3-bench --ray …`; every mistake is an InvalidArgumentError naming the flag. */
export function parseRayArgs(argv: readonly string[]): RayArgs {
  const line = parseCommandLine(argv, RAY_OPTIONS, 'a3-bench --ray');
  positionals(line.positionals, [], RAY_USAGE.split('\n')[0]);
  const a = new Args(line.values);
  return {
    ...readReportOptions(a),
    rows: a.int('rows') ?? 1_000_000,
    nodeCpus: a.int('node-cpus') ?? 2,
    help: line.help,
  };
}

/** The run's RESULT line (run.sh prints one JSON object after "RESULT "), or null. */
export function parseRayResult(output: string): RayRun | null {
  const line = output
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('RESULT {'));
  if (!line) return null;
  const r = JSON.parse(line.slice('RESULT '.length)) as {
    rows: number;
    a3_rows_per_s: number;
    ray_rows_per_s: { '1': number; '2': number };
    speedup: number;
    node_cpus: number;
    seconds: number;
  };
  return {
    rows: r.rows,
    a3RowsPerS: r.a3_rows_per_s,
    rayRowsPerS: { 1: r.ray_rows_per_s['1'], 2: r.ray_rows_per_s['2'] },
    speedup: r.speedup,
    nodeCpus: r.node_cpus,
    seconds: r.seconds,
  };
}

export function renderRayMarkdown(r: RayRun): string {
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  return [
    `Batch scoring, ${fmt(r.rows)} Parquet rows (read → score → write), Ray nodes of ${r.nodeCpus} logical CPUs:`,
    '',
    '| | rows/s |',
    '| --- | ---: |',
    `| a3 score, one process | ${fmt(r.a3RowsPerS)} |`,
    `| Ray Data, 1 worker | ${fmt(r.rayRowsPerS[1])} |`,
    `| Ray Data, 2 workers | ${fmt(r.rayRowsPerS[2])} (${r.speedup.toFixed(2)}× one worker) |`,
    '',
    `Whole run (venv, data, training, cluster, three scorings, checks): ${r.seconds} s.`,
  ].join('\n');
}

/** Runs run.sh with the settings, relaying its output, and reads its RESULT line. */
async function runRay(args: RayArgs, root: string, log: (line: string) => void): Promise<RayRun> {
  const script = join(root, 'examples', 'ray-batch-scoring', 'run.sh');
  if (!existsSync(script)) throw new Error(`${script} is missing; run a3-bench from the a3 repository.`);
  const env = { ...process.env, ROWS: String(args.rows), NODE_CPUS: String(args.nodeCpus) };
  let output = '';
  const code = await new Promise<number>((done) => {
    const child = spawn('bash', [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const relay = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      for (const line of text.split('\n')) if (line) log(line);
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.on('close', (c) => done(c ?? 1));
    child.on('error', () => done(1));
  });
  const result = parseRayResult(output);
  if (code !== 0 || !result) throw new Error(`run.sh failed (exit ${code}); its output is above.`);
  return result;
}

/** `a3-bench --ray`: returns 2 for bad arguments, run.sh's failure as 1, else 0. */
export const rayBenchMain = modeMain({
  flag: '--ray',
  usage: RAY_USAGE,
  parse: parseRayArgs,
  run: runRay,
  section: () => '--ray',
  render: renderRayMarkdown,
});
