import { existsSync } from 'node:fs';
import { Rng, TensorData, type Backend, type CompileOptions } from '@a3/core';
import { loadNslKdd, semiSupervisedSplit } from '@a3/data';
import { rocAuc } from '@a3/metrics';
import { A3Detector, type A3DetectorConfig } from '@a3/model';
import { TRAIN_FLOP_FACTOR, mlpFlops } from './flops';
import { ALARM_HIDDEN } from './networks';
import type { PreparedWorkload, Workload, WorkloadContext } from './workload';

/** A workload that cannot run here for a reason that is not a failure (data not present). */
export class WorkloadSkipped extends Error {}

/**
 * The fit every backend runs — small and fixed, so tfjs-cpu finishes in about two minutes
 * and every backend does exactly the same arithmetic: the paper's NSL-KDD setting (normal vs.
 * known DoS/Probe, tested on all four attack families, dense-ae target, gaussian counter-
 * examples), on a seeded subsample, with few epochs and a learning rate raised to match.
 */
export interface FitPlan {
  trainRows: number;
  testRows: number;
  nKnown: number;
  targetEpochs: number;
  alarmEpochs: number;
  batchSize: number;
}

export const FIT_PLAN: FitPlan = {
  trainRows: 2048,
  testRows: 5000,
  nKnown: 100,
  targetEpochs: 5,
  alarmEpochs: 2,
  batchSize: 256,
};
export const FIT_PLAN_QUICK: FitPlan = {
  ...FIT_PLAN,
  trainRows: 512,
  testRows: 2000,
  targetEpochs: 2,
  alarmEpochs: 1,
};

export function detectorConfig(plan: FitPlan, seed: number): A3DetectorConfig {
  return {
    target: 'dense-ae',
    anomaly: 'gaussian',
    seed,
    targetTraining: { epochs: plan.targetEpochs, batchSize: plan.batchSize, learningRate: 1e-3 },
    alarmTraining: { epochs: plan.alarmEpochs, batchSize: plan.batchSize, learningRate: 1e-4 },
  };
}

const NSL_FEATURES = 122;
const TARGET_WIDTHS = [NSL_FEATURES, 200, 100, 50, 25, 50, 100, 200, NSL_FEATURES];
const TAP_WIDTH = 725;

/**
 * Analytic FLOPs of the whole fit: target training (fwd+bwd on normal rows), then alarm
 * training where each batch row and its counter-example go through the frozen target
 * (forward only) and the alarm (fwd+bwd), then scoring the test rows.
 */
export function fitFlops(plan: FitPlan, trainRows: number, normalRows: number, testRows: number): number {
  const target = mlpFlops(TARGET_WIDTHS, 1);
  const alarm = mlpFlops([TAP_WIDTH, ...ALARM_HIDDEN, 1], 1);
  return (
    plan.targetEpochs * normalRows * target * TRAIN_FLOP_FACTOR +
    plan.alarmEpochs * 2 * trainRows * (target + alarm * TRAIN_FLOP_FACTOR) +
    testRows * (target + alarm)
  );
}

interface FitData {
  train: { x: TensorData<'float32'>; y: Uint8Array };
  test: { x: TensorData<'float32'>; y: Uint8Array };
}

const cache = new Map<string, Promise<FitData>>();

function pick(rng: Rng, rows: ArrayLike<number>, n: number): number[] {
  const order = rng.permutation(rows.length);
  return Array.from(order.subarray(0, Math.min(n, rows.length)), (i) => rows[i]).sort((a, b) => a - b);
}

async function loadFitData(dir: string, plan: FitPlan, seed: number): Promise<FitData> {
  const data = await loadNslKdd({ path: dir });
  const split = semiSupervisedSplit(
    { train: data.train.labels, test: data.test.labels },
    {
      normal: ['normal'],
      known: ['DoS', 'Probe'],
      nKnown: plan.nKnown,
      testAnomalies: ['DoS', 'Probe', 'R2L', 'U2R'],
      seed,
      validationFraction: 0,
    },
  );
  const rng = new Rng(seed);
  // Keep every known anomaly (they are few by design) and subsample the normal rows.
  const tr = split.train;
  const known = Array.from(tr.indices).filter((_, i) => tr.y[i] === 1);
  const normal = Array.from(tr.indices).filter((_, i) => tr.y[i] === 0);
  const trainRows = [...known, ...pick(rng, normal, plan.trainRows - known.length)].sort((a, b) => a - b);
  const anomalous = new Set(known);
  const testPos = pick(
    rng,
    Array.from({ length: split.test.indices.length }, (_, i) => i),
    plan.testRows,
  );
  return {
    train: {
      x: data.train.x.gatherRows(trainRows),
      y: Uint8Array.from(trainRows, (r) => (anomalous.has(r) ? 1 : 0)),
    },
    test: {
      x: data.test.x.gatherRows(testPos.map((i) => split.test.indices[i])),
      y: Uint8Array.from(testPos, (i) => split.test.y[i]),
    },
  };
}

/** The backend with `--threads` applied to every graph the detector compiles (it takes no compile options). */
export function withCompileOptions(b: Backend, options: CompileOptions): Backend {
  if (Object.keys(options).length === 0) return b;
  return {
    name: b.name,
    capabilities: b.capabilities,
    compile: (graph, own) => b.compile(graph, { ...options, ...own }),
    memory: () => b.memory(),
    describe: () => b.describe(),
  };
}

async function prepareFit(ctx: WorkloadContext): Promise<PreparedWorkload> {
  if (!existsSync(ctx.dataDir)) {
    throw new WorkloadSkipped(
      `NSL-KDD not found at ${ctx.dataDir}; download it from https://www.unb.ca/cic/datasets/nsl.html and pass --data-dir`,
    );
  }
  const plan = ctx.quick ? FIT_PLAN_QUICK : FIT_PLAN;
  const key = `${ctx.dataDir}|${ctx.quick}|${ctx.seed}`;
  if (!cache.has(key)) cache.set(key, loadFitData(ctx.dataDir, plan, ctx.seed));
  const data = await cache.get(key)!;
  const rows = data.train.x.shape[0];
  const normal = data.train.y.reduce((n, v) => n + (v === 0 ? 1 : 0), 0);
  let detector: A3Detector | undefined;
  return {
    samplesPerRep: rows,
    flopsPerRep: fitFlops(plan, rows, normal, 0),
    async rep() {
      detector?.dispose();
      detector = new A3Detector(detectorConfig(plan, ctx.seed));
      await detector.fit(
        { x: data.train.x, y: data.train.y },
        { backend: withCompileOptions(ctx.backend, ctx.compileOptions) },
      );
    },
    async finish(): Promise<Record<string, number>> {
      if (!detector) return {};
      const scores = await detector.score(data.test.x);
      return { auc: rocAuc(data.test.y, scores) };
    },
    backendBytes: () => ctx.backend.memory().numBytes,
    dispose: () => detector?.dispose(),
  };
}

export const fitNslKdd: Workload = {
  id: 'fit-nsl-kdd',
  title: `Full A³ fit on NSL-KDD (${FIT_PLAN.trainRows} train rows, target ${FIT_PLAN.targetEpochs} + alarm ${FIT_PLAN.alarmEpochs} epochs; AUC-ROC on ${FIT_PLAN.testRows} test rows)`,
  kind: 'once',
  needs: { training: true, conv: false },
  skipReason: (backend, quick) =>
    quick && backend === 'tfjs-cpu'
      ? '--quick skips the full fit on tfjs-cpu (pure-JS kernels: minutes); run without --quick to measure it'
      : undefined,
  prepare: prepareFit,
};
