import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Rng } from '@a3/core';
import { createOnnxBackend } from '@a3/backend-onnx';
import { A3Detector } from '@a3/model';
import { currentLoad, describeMachine, type MachineInfo } from '../measure/machine';
import {
  a3Cli,
  modelColumns,
  nslKddRecords,
  prepareScore,
  runCliMeasured,
  writeScoreCsv,
} from '../torch/score-csv';
import type { GrowthArgs, GrowthSeries } from './growth-args';

/** One point of a series: the size, its wall time and (child-process series) peak RSS. */
export interface GrowthPoint {
  size: number;
  ms: number;
  /** Per unit of size (rows or, for input-width, per scored row), µs. */
  usPerUnit: number;
  peakRssMiB?: number;
  /** input-width: the fit's wall time (the score time is `ms`). */
  fitMs?: number;
  failed?: string;
}

export interface GrowthReport {
  machine: MachineInfo;
  series: Partial<Record<GrowthSeries, GrowthPoint[]>>;
  /** The input-width series' plan. */
  widthPlan: WidthPlan;
  settings: Omit<GrowthArgs, 'help' | 'json' | 'out' | 'writeDocs' | 'docsFile'>;
}

/** Width-series shape: fixed steps, a fixed number of scored rows. */
export interface WidthPlan {
  trainRows: number;
  steps: number;
  scoreRows: number;
}
export const WIDTH_PLAN: WidthPlan = { trainRows: 8192, steps: 100, scoreRows: 100_000 };

function scoreSeries(args: GrowthArgs, root: string, work: string, log: (l: string) => void): GrowthPoint[] {
  const dataDir = resolve(args.dataDir ?? join(root, '..', 'shared', 'data', 'nsl-kdd'));
  const setup = prepareScore(root, work, { model: args.model, dataDir, rows: 1, seed: 1 }, log);
  const records = nslKddRecords(dataDir);
  const header = modelColumns(setup.model);
  return args.scoreRows.map((rows) => {
    const csv = join(work, `score-${rows}.csv`);
    log(`score-rows: writing ${rows} rows`);
    writeScoreCsv(csv, header, records, rows, 2409);
    log(`score-rows: a3 score on ${rows} rows`);
    try {
      const r = runCliMeasured(
        setup.cli,
        ['score', setup.model, csv, '--out', join(work, 'scores.csv')],
        work,
      );
      return { size: rows, ms: r.ms, usPerUnit: (r.ms * 1000) / rows, peakRssMiB: r.peakRssMiB };
    } catch (err) {
      return { size: rows, ms: NaN, usPerUnit: NaN, failed: (err as Error).message.slice(0, 300) };
    } finally {
      rmSync(csv, { force: true });
    }
  });
}

function trainSeries(args: GrowthArgs, root: string, work: string, log: (l: string) => void): GrowthPoint[] {
  const cli = a3Cli(root);
  const dataDir = resolve(args.dataDir ?? join(root, '..', 'shared', 'data', 'nsl-kdd'));
  const records = nslKddRecords(dataDir, true);
  // NSL-KDD's column names (any names do: the CSV recipe reads the header).
  const header = [...Array.from({ length: 41 }, (_, j) => `f${j + 1}`), 'label'];
  return args.trainRows.map((rows) => {
    const csv = join(work, `train-${rows}.csv`);
    log(`train-rows: writing ${rows} rows`);
    writeScoreCsv(csv, header, records, rows, 2409);
    log(`train-rows: a3 train on ${rows} rows (one epoch per phase)`);
    try {
      const r = runCliMeasured(
        cli,
        [
          'train',
          '--dataset',
          'csv',
          '--file',
          csv,
          '--label-column',
          'label',
          '--normal',
          'normal',
          '--known',
          'neptune',
          '--n-known',
          '100',
          '--test-anomalies',
          'neptune',
          '--epochs-target',
          '1',
          '--epochs-alarm',
          '1',
          '--preset',
          'paper',
          '--seed',
          '1',
          '--out',
          join(work, `model-${rows}`),
        ],
        work,
      );
      return { size: rows, ms: r.ms, usPerUnit: (r.ms * 1000) / rows, peakRssMiB: r.peakRssMiB };
    } catch (err) {
      return { size: rows, ms: NaN, usPerUnit: NaN, failed: (err as Error).message.slice(0, 300) };
    } finally {
      rmSync(csv, { force: true });
      rmSync(join(work, `model-${rows}`), { recursive: true, force: true });
    }
  });
}

/** Fit (fixed steps) and score synthetic data of each width, in this process. */
async function widthSeries(
  args: GrowthArgs,
  log: (l: string) => void,
  plan: WidthPlan,
): Promise<GrowthPoint[]> {
  const backend = await createOnnxBackend();
  const out: GrowthPoint[] = [];
  for (const width of args.widths) {
    log(`input-width: fit and score at width ${width}`);
    const rng = new Rng(width);
    const x = rng.uniformTensor([plan.trainRows, width]);
    const y = Uint8Array.from({ length: plan.trainRows }, () => (rng.next() < 0.05 ? 1 : 0));
    const phase = { epochs: 1000, steps: plan.steps, batchSize: 256, learningRate: 1e-3 };
    const det = new A3Detector({
      target: 'dense-ae',
      anomaly: 'gaussian',
      seed: 1,
      targetTraining: phase,
      alarmTraining: phase,
    });
    try {
      const t0 = performance.now();
      await det.fit({ x, y }, { backend });
      const fitMs = performance.now() - t0;
      const xs = rng.uniformTensor([plan.scoreRows, width]);
      const t1 = performance.now();
      await det.score(xs);
      const ms = performance.now() - t1;
      out.push({ size: width, ms, usPerUnit: (ms * 1000) / plan.scoreRows, fitMs });
    } catch (err) {
      out.push({ size: width, ms: NaN, usPerUnit: NaN, failed: (err as Error).message.slice(0, 300) });
    } finally {
      det.dispose();
    }
  }
  return out;
}

/** `a3-bench --growth`: each selected series, smallest size first. */
export async function runGrowth(
  args: GrowthArgs,
  root: string,
  log: (line: string) => void,
  widthPlan: WidthPlan = WIDTH_PLAN,
): Promise<GrowthReport> {
  const machine = describeMachine(null);
  const started = performance.now();
  const work = mkdtempSync(join(tmpdir(), 'a3-bench-growth-'));
  const series: GrowthReport['series'] = {};
  try {
    for (const s of args.series) {
      switch (s) {
        case 'score-rows':
          series[s] = scoreSeries(args, root, work, log);
          break;
        case 'train-rows':
          series[s] = trainSeries(args, root, work, log);
          break;
        case 'input-width':
          series[s] = await widthSeries(args, log, widthPlan);
          break;
        default: {
          const never: never = s;
          throw new Error(`unknown series ${String(never)}`);
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  machine.loadAfter = currentLoad();
  machine.durationSec = Math.round((performance.now() - started) / 1000);
  const { help: _h, json: _j, out: _o, writeDocs: _w, docsFile: _d, ...settings } = args;
  return { machine, series, widthPlan, settings };
}
