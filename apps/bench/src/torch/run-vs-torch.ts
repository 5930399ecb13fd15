import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createOnnxBackend } from '@a3/backend-onnx';
import { currentLoad, describeMachine, type MachineInfo } from '../measure/machine';
import { median, percentile } from '../measure/stats';
import { runA3Side, type SideResult } from './a3-side';
import { findTorchPython, runPythonSide, torchScript } from './python-side';
import { prepareScore, readScores, runA3Score, type ScoreSetup } from './score-csv';
import type { TorchBenchArgs, TorchWorkloadId } from './torch-args';

export type Engine = 'a3' | 'torch';

/** One engine's rounds of one workload, merged. */
export interface EngineSummary {
  /** Median of the rounds' medians, ms. */
  medianMs: number;
  /** Fastest and slowest round median: the spread the drift of the machine caused. */
  roundMinMs: number;
  roundMaxMs: number;
  /** 10th and 90th percentile over every timed repetition of every round. */
  p10Ms: number;
  p90Ms: number;
  p99Ms: number;
  reps: number;
  /** Median over rounds of the process CPU time per repetition (NaN: not measured). */
  cpuMs: number;
  peakRssMiB?: number;
  rowsPerSec?: number;
}

export interface TorchRow {
  id: TorchWorkloadId;
  a3?: EngineSummary;
  torch?: EngineSummary;
  /** torch / a3 per round (> 1: a3 faster): median, min, max. */
  speedup?: { median: number; min: number; max: number };
  /** Why a side was not measured. */
  skipped?: string;
  failed?: string;
  /** score-csv: max |Δscore| between the two routes over their first rows. */
  maxAbsDiff?: number;
}

export interface TorchReport {
  machine: MachineInfo;
  settings: Omit<TorchBenchArgs, 'help' | 'json' | 'out' | 'writeDocs' | 'docsFile'> & {
    threads: number;
    torch: string | null;
    pandasOrt: string | null;
    onnxruntime: string;
  };
  rows: TorchRow[];
}

/** What the torch column means per workload (the row's second engine). */
export const TORCH_SIDE: Record<TorchWorkloadId, string> = {
  'alarm-train-step': 'PyTorch step',
  'alarm-fit-steps': "PyTorch step (torch has one kind of step: the same as alarm-train-step's)",
  'conv-train-step': 'PyTorch step',
  'infer-b1024': 'PyTorch no_grad forward',
  'infer-b1': 'PyTorch no_grad forward',
  'a3-fit': 'the same A³ fit written in PyTorch',
  'score-csv': 'pandas read_csv in chunks + get_dummies + onnxruntime on the exported model',
  'score-csv-int8': 'the same Python route on the model exported with `a3 export --quantize int8`',
};

/** The rows that score a CSV (the rest time training and inference steps). */
export function isScoreRow(id: TorchWorkloadId): id is 'score-csv' | 'score-csv-int8' {
  return id === 'score-csv' || id === 'score-csv-int8';
}

function summarize(rounds: SideResult[]): EngineSummary {
  const all = rounds.flatMap((r) => r.ms);
  const meds = rounds.map((r) => median(r.ms));
  const cpu = rounds.map((r) => r.cpuMsPerRep).filter((c) => Number.isFinite(c));
  const rss = rounds.map((r) => r.peakRssMiB).filter((m): m is number => m !== undefined);
  const rows = rounds[0].rows;
  const med = median(meds);
  return {
    medianMs: med,
    roundMinMs: Math.min(...meds),
    roundMaxMs: Math.max(...meds),
    p10Ms: percentile(all, 0.1),
    p90Ms: percentile(all, 0.9),
    p99Ms: percentile(all, 0.99),
    reps: all.length,
    cpuMs: cpu.length ? median(cpu) : Number.NaN,
    ...(rss.length ? { peakRssMiB: Math.max(...rss) } : {}),
    ...(rows !== undefined ? { rowsPerSec: (rows * 1000) / med } : {}),
  };
}

function torchArgs(id: TorchWorkloadId, a: TorchBenchArgs): string[] {
  const workload = id === 'alarm-fit-steps' ? 'alarm-train-step' : id;
  const reps = id === 'infer-b1' ? a.reps * 20 : id === 'a3-fit' ? 1 : a.reps;
  return [
    '--workload',
    workload,
    '--warmup',
    String(a.warmup),
    '--reps',
    String(reps),
    '--steps',
    String(a.fitSteps),
  ];
}

/**
 * `a3-bench --vs-torch`: every workload in `rounds` rounds, a3 and PyTorch alternating (a3
 * first in odd rounds, PyTorch first in even ones) so a slow spell of the machine hits both.
 */
export async function runVsTorch(
  args: TorchBenchArgs,
  root: string,
  log: (line: string) => void,
): Promise<TorchReport> {
  const threads = args.threads || availableParallelism();
  const machine = describeMachine(threads);
  const started = performance.now();
  const backend = await createOnnxBackend({ threads });
  machine.libraries.onnx = backend.describe();
  const py = findTorchPython(args.python);
  if (py.torchReason) log(`PyTorch rows skipped: ${py.torchReason}`);
  const script = torchScript(root);
  const dataDir = resolve(args.dataDir ?? join(root, '..', 'shared', 'data', 'nsl-kdd'));
  const work = mkdtempSync(join(tmpdir(), 'a3-bench-torch-'));
  const results = new Map<TorchWorkloadId, Record<Engine, SideResult[]>>();
  const failed = new Map<TorchWorkloadId, string>();
  const skipped = new Map<TorchWorkloadId, string>();
  let score: ScoreSetup | undefined;
  try {
    const scoring = args.workloads.filter(isScoreRow);
    if (scoring.length) {
      try {
        score = prepareScore(
          root,
          work,
          { model: args.model, dataDir, rows: args.scoreRows, seed: 2409 },
          log,
        );
      } catch (err) {
        for (const w of scoring) failed.set(w, (err as Error).message);
      }
    }
    for (let round = 1; round <= args.rounds; round++) {
      const order: Engine[] = round % 2 ? ['a3', 'torch'] : ['torch', 'a3'];
      for (const id of args.workloads) {
        if (failed.has(id)) continue;
        const slot = results.get(id) ?? { a3: [], torch: [] };
        results.set(id, slot);
        const scoreRow = isScoreRow(id);
        for (const engine of order) {
          const torchWhy = scoreRow ? py.pandasReason : py.torchReason;
          if (engine === 'torch' && torchWhy) {
            skipped.set(id, torchWhy);
            continue;
          }
          const who = engine === 'a3' ? 'a3' : scoreRow ? 'pandas + onnxruntime' : 'PyTorch';
          log(`round ${round}/${args.rounds}: ${id} on ${who}`);
          try {
            slot[engine].push(
              scoreRow
                ? scoreSide(engine, id === 'score-csv-int8', score!, work, py.python!, script, threads)
                : engine === 'a3'
                  ? await runA3Side(id, {
                      backend,
                      threads,
                      warmup: args.warmup,
                      reps: args.reps,
                      fitSteps: args.fitSteps,
                    })
                  : runPythonSide(py.python!, script, torchArgs(id, args), threads),
            );
          } catch (err) {
            failed.set(id, `${engine}: ${(err as Error).message}`);
            break;
          }
        }
      }
    }
    const rows = args.workloads.map((id): TorchRow => {
      const r = results.get(id);
      const row: TorchRow = { id };
      if (failed.has(id)) row.failed = failed.get(id);
      if (skipped.has(id)) row.skipped = skipped.get(id);
      if (r?.a3.length) row.a3 = summarize(r.a3);
      if (r?.torch.length) row.torch = summarize(r.torch);
      if (r && r.a3.length && r.a3.length === r.torch.length) {
        const per = r.a3.map((s, i) => median(r.torch[i].ms) / median(s.ms));
        row.speedup = { median: median(per), min: Math.min(...per), max: Math.max(...per) };
      }
      if (isScoreRow(id) && row.a3 && row.torch) {
        const tag = id === 'score-csv' ? '' : '-int8';
        const a = readScores(join(work, `a3-scores${tag}.csv`), 2000);
        const p = readScores(join(work, `py-scores${tag}.csv`), 2000);
        row.maxAbsDiff = Math.max(0, ...a.map((v, i) => Math.abs(v - p[i])));
      }
      return row;
    });
    machine.loadAfter = currentLoad();
    machine.durationSec = Math.round((performance.now() - started) / 1000);
    const { help: _h, json: _j, out: _o, writeDocs: _w, docsFile: _d, ...settings } = args;
    return {
      machine,
      settings: {
        ...settings,
        threads,
        torch: py.torch ?? null,
        pandasOrt: py.pandasOrt ?? null,
        onnxruntime: String(backend.describe().onnxruntime),
      },
      rows,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One engine of a score row: `a3 score` (--quantize int8), or the pandas route on the (int8) export. */
function scoreSide(
  engine: Engine,
  int8: boolean,
  setup: ScoreSetup,
  work: string,
  python: string,
  script: string,
  threads: number,
): SideResult {
  const tag = int8 ? '-int8' : '';
  if (engine === 'a3') {
    return runA3Score(setup, work, join(work, `a3-scores${tag}.csv`), int8 ? ['--quantize', 'int8'] : []);
  }
  return runPythonSide(
    python,
    script,
    [
      '--workload',
      'score-csv',
      '--csv',
      setup.csv,
      '--onnx',
      int8 ? setup.onnxInt8 : setup.onnx,
      '--out',
      join(work, `py-scores${tag}.csv`),
    ],
    threads,
  );
}
