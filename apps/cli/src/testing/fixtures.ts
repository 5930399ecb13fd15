import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@a3/core';
import { bufferOutput, main } from '../index';

/** A fresh temp folder and its cleanup, for one test file. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `a3-cli-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const NSL_FAMILY_ROWS: Record<string, (r: Rng) => (string | number)[]> = {
  // 41 features: duration, protocol_type, service, flag, src_bytes, dst_bytes, then 35 numbers.
  normal: (r) => [
    0,
    'tcp',
    'http',
    'SF',
    200 + r.int(100),
    2000 + r.int(2000),
    ...tail(r, { logged_in: 1, same: 1 }),
  ],
  neptune: (r) => [0, 'tcp', 'private', 'S0', 0, 0, ...tail(r, { count: 200, serror: 1 })],
  portsweep: (r) => [r.int(3), 'tcp', 'private', 'REJ', 0, 0, ...tail(r, { count: 20, rerror: 1 })],
  guess_passwd: (r) => [r.int(5), 'tcp', 'telnet', 'SF', 100, 200, ...tail(r, { failed: 1 })],
  buffer_overflow: (r) => [
    60 + r.int(60),
    'tcp',
    'telnet',
    'SF',
    1500,
    3000,
    ...tail(r, { root: 1, logged_in: 1 }),
  ],
};

/** The 35 numeric NSL-KDD features after dst_bytes, with a few set to family-typical values. */
function tail(
  r: Rng,
  o: {
    logged_in?: number;
    same?: number;
    count?: number;
    serror?: number;
    rerror?: number;
    failed?: number;
    root?: number;
  },
): number[] {
  const jitter = () => Math.round(r.next() * 10) / 100;
  const count = (o.count ?? 5) + r.int(10);
  return [
    0,
    0,
    0,
    0,
    o.failed ?? 0,
    o.logged_in ?? 0,
    0,
    o.root ?? 0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    count,
    count,
    o.serror ?? jitter(),
    o.serror ?? jitter(),
    o.rerror ?? jitter(),
    o.rerror ?? jitter(),
    o.same ?? jitter(),
    jitter(),
    jitter(),
    255,
    10 + r.int(200),
    o.same ?? jitter(),
    jitter(),
    jitter(),
    jitter(),
    o.serror ?? jitter(),
    o.serror ?? jitter(),
    o.rerror ?? jitter(),
    o.rerror ?? jitter(),
  ];
}

function nslRows(counts: Record<string, number>, seed: number): string {
  const r = new Rng(seed);
  const lines: string[] = [];
  for (const [attack, n] of Object.entries(counts)) {
    for (let i = 0; i < n; i++) lines.push([...NSL_FAMILY_ROWS[attack](r), attack, 15 + r.int(6)].join(','));
  }
  // Interleave families like the real files.
  for (let i = lines.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }
  return lines.join('\n') + '\n';
}

/** A small NSL-KDD directory (KDDTrain+_20Percent.txt, KDDTest+.txt) with all four attack families. */
export function writeNslKdd(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'KDDTrain+_20Percent.txt'),
    nslRows({ normal: 400, neptune: 60, portsweep: 40, guess_passwd: 10, buffer_overflow: 5 }, 1),
  );
  writeFileSync(
    join(dir, 'KDDTest+.txt'),
    nslRows({ normal: 150, neptune: 40, portsweep: 30, guess_passwd: 20, buffer_overflow: 10 }, 2),
  );
  return dir;
}

/**
 * A labelled CSV with a categorical column: "normal" rows around one point, "spike" and "drift"
 * anomalies away from it, and an id column that is not a feature.
 */
export function writeSensorsCsv(file: string, rows = 600, seed = 3): string {
  const r = new Rng(seed);
  const out = ['id,site,temp,pressure,vibration,label'];
  for (let i = 0; i < rows; i++) {
    const u = r.next();
    const label = u < 0.8 ? 'normal' : u < 0.9 ? 'spike' : 'drift';
    const site = r.next() < 0.5 ? 'north' : 'south';
    const base = label === 'normal' ? [20, 100, 0.1] : label === 'spike' ? [35, 100, 0.9] : [20, 140, 0.5];
    const v = base.map((b) => (b + r.normal(0, b * 0.03)).toFixed(3));
    out.push([`s${i}`, site, ...v, label].join(','));
  }
  writeFileSync(file, out.join('\n') + '\n');
  return file;
}

/**
 * Options that make training take a second: tiny epochs and batches, the ONNX backend, and the
 * paper preset (one alarm network, exportable to ONNX; the robust default has its own tests).
 */
export const FAST = [
  '--preset',
  'paper',
  '--epochs-target',
  '2',
  '--epochs-alarm',
  '2',
  '--batch-size',
  '64',
  '--backend',
  'onnx',
];

/**
 * Runs the CLI in-process and returns what it printed; fails with its stderr when the exit code is
 * not 0 (for runs that must succeed: setup and happy paths).
 */
export async function run(argv: string[]): Promise<{ stdout: string[]; stderr: string[] }> {
  const io = bufferOutput();
  const code = await main(argv, io);
  if (code !== 0) throw new Error(`a3 ${argv.join(' ')} failed: ${io.stderr.join('\n')}`);
  return io;
}

/**
 * `a3 train` on a sensors CSV (writeSensorsCsv): classes from its label column, "normal" rows
 * normal, the id column dropped unless `keepId`; then `extra`.
 */
export function sensorsTrainArgv(csv: string, extra: string[] = [], { keepId = false } = {}): string[] {
  const drop = keepId ? [] : ['--drop', 'id'];
  return [
    'train',
    '--dataset',
    'csv',
    '--file',
    csv,
    '--label-column',
    'label',
    ...drop,
    '--normal',
    'normal',
    ...extra,
  ];
}

/**
 * Test setup: writes `dir`/sensors.csv (`rows` rows) and trains `dir`/model on it with FAST
 * settings and the `extra` flags (e.g. known anomalies, --json). Returns the paths and the output.
 */
export async function trainSensorsModel(
  dir: string,
  { rows = 600, extra = [] }: { rows?: number; extra?: string[] } = {},
): Promise<{ csv: string; model: string; stdout: string[] }> {
  const csv = writeSensorsCsv(join(dir, 'sensors.csv'), rows);
  const model = join(dir, 'model');
  const { stdout } = await run(sensorsTrainArgv(csv, [...extra, '--out', model, ...FAST]));
  return { csv, model, stdout };
}

/** The score column (third field) of `a3 score`'s CSV output, header dropped. */
export function scoreColumn(stdout: readonly string[]): number[] {
  return stdout
    .join('\n')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => Number(l.split(',')[2]));
}
