import { Graph, ops, Rng, type Backend, type Feeds } from '@a3/core';
import { createTarget, A3Detector } from '@a3/model';
import { ParameterCollection } from '@a3/nn';
import { adam, bceWithLogits, DEFAULT_STEPS_PER_RUN, Trainer, type BuildLoss } from '@a3/train';
import { alarmMlp } from '../workloads/networks';
import { labelsFor, uniformBatch } from '../workloads/synthetic';
import type { TorchWorkloadId } from './torch-args';

/** What one engine measured for one workload in one round (the Python side prints the same). */
export interface SideResult {
  /** Wall time of each timed repetition, ms (per step for step workloads). */
  ms: number[];
  /** Process CPU time per repetition, ms (both threads together). */
  cpuMsPerRep: number;
  /** Peak resident memory of the process that ran it, MiB (score-csv: the child's). */
  peakRssMiB?: number;
  /** Rows scored (score-csv). */
  rows?: number;
}

/** Shapes shared with apps/bench/python/torch_bench.py: change both together. */
export const TORCH_SHAPES = {
  batch: 256,
  alarmInput: 784,
  targetInput: 122,
  fitRows: 4096,
  seed: 2409,
} as const;

export interface A3SideOptions {
  backend: Backend;
  threads: number;
  warmup: number;
  reps: number;
  fitSteps: number;
}

async function timedSteps(step: () => Promise<void>, warmup: number, reps: number): Promise<SideResult> {
  for (let i = 0; i < warmup; i++) await step();
  const ms: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await step();
    ms.push(performance.now() - t0);
  }
  return { ms, cpuMsPerRep: cpuMs(cpu0) / Math.max(1, reps) };
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

function trainer(
  o: A3SideOptions,
  params: ParameterCollection,
  buildLoss: BuildLoss,
  stepsPerRun = 1,
): Trainer {
  return new Trainer({
    backend: o.backend,
    params,
    buildLoss,
    optimizer: adam({ lr: 1e-3 }),
    validationLoss: false,
    // PyTorch has no guard: the same arithmetic on both sides.
    nanGuard: false,
    compileOptions: { threads: o.threads, stepsPerRun },
  });
}

function checked(loss: number): void {
  if (!Number.isFinite(loss)) throw new Error(`training diverged: loss ${loss}`);
}

function alarmTrainer(o: A3SideOptions, stepsPerRun: number): { t: Trainer; feeds: Feeds[] } {
  const model = alarmMlp(TORCH_SHAPES.seed);
  const feeds = Array.from({ length: stepsPerRun }, (_, i) => {
    const x = uniformBatch(TORCH_SHAPES.seed + 1 + i, [TORCH_SHAPES.batch, TORCH_SHAPES.alarmInput]);
    return { x, y: labelsFor(x) };
  });
  const t = trainer(
    o,
    model.params,
    ({ x, y, training }) => bceWithLogits(model.apply(x, { training }).logits, y!),
    stepsPerRun,
  );
  return { t, feeds };
}

/** One backend call per step (Trainer.trainStep): what a hand-written training loop gets. */
async function alarmTrainStep(o: A3SideOptions): Promise<SideResult> {
  const { t, feeds } = alarmTrainer(o, 1);
  try {
    return await timedSteps(async () => checked((await t.trainStep(feeds[0])).loss), o.warmup, o.reps);
  } finally {
    t.dispose();
  }
}

/** As fit trains: DEFAULT_STEPS_PER_RUN steps per backend call (one ONNX Loop), per step. */
async function alarmFitSteps(o: A3SideOptions): Promise<SideResult> {
  const k = DEFAULT_STEPS_PER_RUN;
  const { t, feeds } = alarmTrainer(o, k);
  try {
    const calls = (n: number) => Math.max(1, Math.ceil(n / k));
    const r = await timedSteps(
      async () => {
        for (const s of await t.trainSteps(feeds)) checked(s.loss);
      },
      calls(o.warmup),
      calls(o.reps),
    );
    return { ms: r.ms.map((m) => m / k), cpuMsPerRep: r.cpuMsPerRep / k };
  } finally {
    t.dispose();
  }
}

async function convTrainStep(o: A3SideOptions): Promise<SideResult> {
  const net = createTarget('conv-ae', {
    inputShape: [28, 28, 1],
    seed: TORCH_SHAPES.seed,
    options: {},
    scope: 'target',
    params: new ParameterCollection(),
  });
  const x = uniformBatch(TORCH_SHAPES.seed + 2, [TORCH_SHAPES.batch, 28, 28, 1]);
  const t = trainer(o, net.params, ({ x, training }) =>
    net.loss(net.apply(x, { training, trainable: true }), x),
  );
  try {
    return await timedSteps(async () => checked((await t.trainStep({ x })).loss), o.warmup, o.reps);
  } finally {
    t.dispose();
  }
}

async function inference(o: A3SideOptions, rows: number, reps: number): Promise<SideResult> {
  const model = alarmMlp(TORCH_SHAPES.seed);
  const g = new Graph('alarm-score');
  g.output(
    'score',
    ops.sigmoid(model.apply(g.input('x', [-1, TORCH_SHAPES.alarmInput]), { training: false }).logits),
  );
  const exec = await o.backend.compile(g, { threads: o.threads });
  const x = uniformBatch(TORCH_SHAPES.seed + 3, [rows, TORCH_SHAPES.alarmInput]);
  try {
    return await timedSteps(
      async () => {
        await exec.run({ x });
      },
      o.warmup,
      reps,
    );
  } finally {
    exec.dispose();
  }
}

/**
 * A³ fit over a fixed step budget: target `fitSteps` steps, alarm `fitSteps` steps (gaussian
 * counter-examples), the threshold pass over the training rows — A3Detector.fit as users call
 * it (its NaN guard on: fit's default), after one untimed warm-up fit of `warmup` steps per phase.
 */
async function a3Fit(o: A3SideOptions, reps: number): Promise<SideResult> {
  const rng = new Rng(TORCH_SHAPES.seed);
  const n = TORCH_SHAPES.fitRows;
  const x = rng.uniformTensor([n, TORCH_SHAPES.targetInput]);
  const y = Uint8Array.from({ length: n }, () => (rng.next() < 0.05 ? 1 : 0));
  const fitOnce = async (steps: number) => {
    const det = new A3Detector({
      target: 'dense-ae',
      anomaly: 'gaussian',
      seed: TORCH_SHAPES.seed,
      targetTraining: { epochs: 1000, steps, batchSize: TORCH_SHAPES.batch, learningRate: 1e-3 },
      alarmTraining: { epochs: 1000, steps, batchSize: TORCH_SHAPES.batch, learningRate: 1e-4 },
    });
    await det.fit({ x, y }, { backend: o.backend });
    det.dispose();
  };
  await fitOnce(Math.max(1, o.warmup));
  const ms: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fitOnce(o.fitSteps);
    ms.push(performance.now() - t0);
  }
  return { ms, cpuMsPerRep: cpuMs(cpu0) / Math.max(1, reps) };
}

/** The a3 side of one workload (not the score rows, which run the CLI: see score-csv.ts). */
export function runA3Side(
  id: Exclude<TorchWorkloadId, 'score-csv' | 'score-csv-int8'>,
  o: A3SideOptions,
): Promise<SideResult> {
  switch (id) {
    case 'alarm-train-step':
      return alarmTrainStep(o);
    case 'alarm-fit-steps':
      return alarmFitSteps(o);
    case 'conv-train-step':
      return convTrainStep(o);
    case 'infer-b1024':
      return inference(o, 1024, o.reps);
    case 'infer-b1':
      return inference(o, 1, o.reps * 20);
    case 'a3-fit':
      return a3Fit(o, 1);
    default: {
      const never: never = id;
      throw new Error(`unknown workload ${String(never)}`);
    }
  }
}
