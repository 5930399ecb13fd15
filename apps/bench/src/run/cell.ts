import type { Backend } from '@a3/core';
import type { PeakRss } from '../measure/memory';
import { timeReps } from '../measure/timer';
import type { BenchResult, Failed, Skipped } from '../report/types';
import { WorkloadSkipped } from '../workloads/fit-nsl-kdd';
import { WORKLOADS } from '../workloads/registry';
import type { Workload, WorkloadContext, WorkloadId } from '../workloads/workload';
import { repPlan } from './plan';
import { toResult } from './result';
import { cellKey } from './rounds';

/** What the cells of a run add up to; `settled` holds the cells later rounds leave alone. */
export interface CellTally {
  readonly rows: BenchResult[];
  readonly skipped: Skipped[];
  readonly failed: Failed[];
  readonly settled: Set<string>;
}

/** How one round measures: the workload context of its backend plus the repetition settings. */
export interface RoundSettings {
  readonly ctx: WorkloadContext;
  readonly reps: number | undefined;
  readonly warmup: number | undefined;
  /** How many rounds the repetitions are shared between. */
  readonly share: number;
  /** This round's label in progress lines ('' for a single round). */
  readonly label: string;
  readonly peak: PeakRss;
}

function whyNot(w: Workload, b: Backend, quick: boolean): string | undefined {
  if (w.needs.training && !b.capabilities.training)
    return `${b.name} cannot train (capabilities.training is false)`;
  if (w.needs.conv && !b.capabilities.conv)
    return `${b.name} has no convolution ops (capabilities.conv is false)`;
  return w.skipReason?.(b.name, quick);
}

/**
 * Measures one workload on the round's backend and records the row, a skip or a failure (which
 * settles the cell, as does a row measured whole); a settled cell is left alone.
 */
export async function runCell(id: WorkloadId, round: RoundSettings, tally: CellTally): Promise<void> {
  const { backend, quick, log } = round.ctx;
  const key = cellKey(id, backend.name);
  if (tally.settled.has(key)) return;
  const w = WORKLOADS[id];
  const reason = whyNot(w, backend, quick);
  if (reason) {
    tally.settled.add(key);
    tally.skipped.push({ workload: id, backend: backend.name, reason });
    log(`${id} on ${backend.name}: skipped — ${reason}`);
    return;
  }
  log(`${id} on ${backend.name}${round.label} ...`);
  round.peak.reset();
  try {
    const { row, whole } = await measureCell(id, w, round);
    if (whole) {
      row.singleRound = true;
      tally.settled.add(key);
    }
    tally.rows.push(row);
    log(
      `${id} on ${backend.name}${round.label}: median ${row.medianMs} ms (${row.reps} reps)` +
        `${row.auc !== undefined ? `, AUC ${row.auc}` : ''}${whole ? ', measured whole in this round' : ''}`,
    );
  } catch (err) {
    tally.settled.add(key);
    if (err instanceof WorkloadSkipped) {
      tally.skipped.push({ workload: id, backend: backend.name, reason: err.message });
      log(`${id} on ${backend.name}: skipped — ${err.message}`);
    } else {
      const msg = (err as Error).message ?? String(err);
      tally.failed.push({ workload: id, backend: backend.name, error: msg.split('\n')[0] + round.label });
      log(`${id} on ${backend.name}${round.label}: FAILED — ${msg}`);
    }
  }
}

/** Prepares the workload, times its repetitions and summarises them; `whole`: all reps in this round. */
async function measureCell(
  id: WorkloadId,
  w: Workload,
  round: RoundSettings,
): Promise<{ row: BenchResult; whole: boolean }> {
  const { ctx, peak } = round;
  const prepared = await w.prepare(ctx);
  try {
    const plan = repPlan(w.kind, {
      quick: ctx.quick,
      reps: round.reps,
      warmup: round.warmup,
      rounds: round.share,
    });
    const { times, whole } = await timeReps(
      () => prepared.rep(),
      plan,
      () => peak.sample(),
    );
    const extras = (await prepared.finish?.()) ?? {};
    const row = toResult({
      workload: id,
      kind: w.kind,
      backend: ctx.backend.name,
      timesMs: times.map((t) => t / (prepared.stepsPerRep ?? 1)),
      samplesPerRep: prepared.samplesPerRep,
      flopsPerRep: prepared.flopsPerRep,
      extras,
      backendBytes: prepared.backendBytes(),
      peakRssBytes: peak.peakBytes(),
    });
    return { row, whole };
  } finally {
    prepared.dispose();
  }
}
