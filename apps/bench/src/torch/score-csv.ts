import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, Rng } from '@a3/core';
import type { SideResult } from './a3-side';

/** Where score-csv's files live for one run (a temp folder the caller removes). */
export interface ScoreSetup {
  cli: string;
  model: string;
  onnx: string;
  /** The same model exported with --quantize int8. */
  onnxInt8: string;
  csv: string;
  rows: number;
}

/** The a3 command: $A3_CLI or apps/cli/bin/a3.js (which needs npm run build). */
export function a3Cli(root: string): string {
  const cli = resolve(process.env.A3_CLI ?? join(root, 'apps', 'cli', 'bin', 'a3.js'));
  if (!existsSync(cli)) {
    throw new InvalidArgumentError(
      `the a3 command is not at ${cli}: run npm run build, or set A3_CLI to its JS file.`,
    );
  }
  return cli;
}

function run(command: string, args: readonly string[], what: string, env?: NodeJS.ProcessEnv): void {
  const r = spawnSync(command, [...args], { encoding: 'utf8', env: env ?? process.env, maxBuffer: 64 << 20 });
  if (r.status !== 0)
    throw new Error(`${what} failed (${r.status ?? r.signal}): ${(r.stderr ?? '').slice(-800)}`);
}

/**
 * NSL-KDD's 41 feature fields of every line of its .txt files (difficulty cut off; the label,
 * field 42, kept with `withLabel`).
 */
export function nslKddRecords(dataDir: string, withLabel = false): string[] {
  const records: string[] = [];
  for (const name of ['KDDTrain+_20Percent.txt', 'KDDTest+.txt']) {
    const path = join(dataDir, name);
    if (!existsSync(path))
      throw new InvalidArgumentError(`score-csv needs ${path} (NSL-KDD): pass --data-dir DIR.`);
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      records.push(
        line
          .split(',')
          .slice(0, withLabel ? 42 : 41)
          .join(','),
      );
    }
  }
  return records;
}

/**
 * Writes `rows` NSL-KDD-shaped rows (real records drawn with replacement, seeded) under the
 * model's column names: what `a3 score` and the Python route both read.
 */
export function writeScoreCsv(
  path: string,
  header: readonly string[],
  records: readonly string[],
  rows: number,
  seed: number,
): void {
  const rng = new Rng(seed);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, header.join(',') + '\n');
    const block: string[] = [];
    for (let i = 0; i < rows; i++) {
      block.push(records[rng.int(records.length)]);
      if (block.length === 8192 || i === rows - 1) {
        writeSync(fd, block.join('\n') + '\n');
        block.length = 0;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** The model's raw input columns, from its a3.json. */
export function modelColumns(modelDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(modelDir, 'a3.json'), 'utf8')) as {
    preprocessing?: { type?: string; inputs?: { name: string }[] };
  };
  const inputs = manifest.preprocessing?.inputs;
  if (manifest.preprocessing?.type !== 'tabular' || !inputs) {
    throw new InvalidArgumentError(`score-csv needs a tabular model; ${modelDir} is not one.`);
  }
  return inputs.map((c) => c.name);
}

/** Trains (unless given) an NSL-KDD model, exports it as one feature tensor, writes the CSV. */
export function prepareScore(
  root: string,
  work: string,
  o: { model?: string; dataDir: string; rows: number; seed: number },
  log: (line: string) => void,
): ScoreSetup {
  const cli = a3Cli(root);
  const node = process.execPath;
  let model = o.model ? resolve(o.model) : join(work, 'model');
  if (!o.model) {
    log(`score-csv: training an NSL-KDD model (paper architecture, 1 + 1 epochs on 4000 normals)`);
    run(
      node,
      [
        cli,
        'train',
        '--dataset',
        'nsl-kdd',
        '--data-dir',
        o.dataDir,
        '--out',
        model,
        // One alarm network, so `a3 export` below has a single graph (robust's heads run outside ONNX).
        '--preset',
        'paper',
        '--epochs-target',
        '1',
        '--epochs-alarm',
        '1',
        '--max-train-normals',
        '4000',
        '--seed',
        '1',
      ],
      'a3 train',
    );
  }
  model = resolve(model);
  const onnx = join(work, 'model.onnx');
  run(node, [cli, 'export', model, '--onnx', onnx, '--onnx-inputs', 'tensor'], 'a3 export');
  const onnxInt8 = join(work, 'model.int8.onnx');
  run(
    node,
    [cli, 'export', model, '--onnx', onnxInt8, '--onnx-inputs', 'tensor', '--quantize', 'int8'],
    'a3 export',
  );
  const csv = join(work, 'rows.csv');
  log(`score-csv: writing ${o.rows} NSL-KDD-shaped rows to ${csv}`);
  writeScoreCsv(csv, modelColumns(model), nslKddRecords(o.dataDir), o.rows, o.seed);
  return { cli, model, onnx, onnxInt8, csv, rows: o.rows };
}

/** Reports the process's peak RSS (KiB) into $A3_BENCH_RSS_FILE when it exits. */
const RSS_HOOK = `process.on('exit', () => {
  try { require('node:fs').writeFileSync(process.env.A3_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)); } catch {}
});
`;

/** `node CLI args…` in a child process: its wall time and peak RSS (MiB). */
export function runCliMeasured(
  cli: string,
  args: readonly string[],
  work: string,
): { ms: number; peakRssMiB: number } {
  const hook = join(work, 'rss-hook.cjs');
  const rssFile = join(work, 'a3-child.rss');
  writeFileSync(hook, RSS_HOOK);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', hook, cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, A3_BENCH_RSS_FILE: rssFile },
    maxBuffer: 64 << 20,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0)
    throw new Error(`a3 ${args[0]} failed (${r.status ?? r.signal}): ${(r.stderr ?? '').slice(-800)}`);
  return { ms, peakRssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

/** `a3 score MODEL rows.csv --out FILE` in a child process: wall time, peak RSS. */
export function runA3Score(
  setup: ScoreSetup,
  work: string,
  out: string,
  extraArgs: readonly string[] = [],
): SideResult {
  const r = runCliMeasured(setup.cli, ['score', setup.model, setup.csv, '--out', out, ...extraArgs], work);
  // spawnSync has no per-child CPU time; the Python side reports its own, a3's is left out.
  return { ms: [r.ms], cpuMsPerRep: Number.NaN, peakRssMiB: r.peakRssMiB, rows: setup.rows };
}

/** The `score` column of the first `n` data rows of a scores CSV (either route's). */
export function readScores(path: string, n: number): number[] {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.max(4096, n * 64));
    const text = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
    const lines = text.split('\n');
    const col = lines[0].split(',').indexOf('score');
    return lines
      .slice(1, n + 1)
      .filter((l) => l.trim())
      .map((l) => Number(l.split(',')[col]));
  } finally {
    closeSync(fd);
  }
}
