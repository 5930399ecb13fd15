import { TensorData, type Backend, type BackendMemory } from '@a3/core';
import { expectClose } from '../check/expect-close';
import { ReferenceInterpreter } from '../reference/interpreter';
import { buildConvNetGraph } from '../training/conv-net';
import { buildMlpTrainingGraph, mlpFeeds } from '../training/mlp';
import { check } from './assertions';
import { withExecutable } from './primitive-checks';
import type { ResolvedTolerance } from './tolerance';

export const TRAIN_STEPS = 200;
const DATA_SEED = 2409;
const TRAIN = { outputs: ['loss'], updates: ['train'] } as const;

export interface TrainingRun {
  losses: number[];
  /** Memory after step 10 and after the last step. */
  executableMemory: [BackendMemory, BackendMemory];
  backendMemory: [BackendMemory, BackendMemory];
}

/** Trains the seeded MLP with Adam for `steps` steps on the backend, one run() per step. */
export async function trainMlp(backend: Backend, steps = TRAIN_STEPS): Promise<TrainingRun> {
  const feeds = mlpFeeds(DATA_SEED, steps);
  return withExecutable(backend, buildMlpTrainingGraph(), async (exec) => {
    const losses: number[] = [];
    const em: BackendMemory[] = [];
    const bm: BackendMemory[] = [];
    for (let s = 0; s < steps; s++) {
      const out = await exec.run(feeds[s], TRAIN);
      losses.push(out.loss.data[0]);
      if (s === 9 || s === steps - 1) {
        em.push({ ...exec.memory() });
        bm.push({ ...backend.memory() });
      }
    }
    return { losses, executableMemory: [em[0], em[1]], backendMemory: [bm[0], bm[1]] };
  });
}

/** The reference's losses for the first `steps` steps of the same training. */
export function referenceMlpLosses(steps = 10): number[] {
  const feeds = mlpFeeds(DATA_SEED, steps);
  const ref = new ReferenceInterpreter(buildMlpTrainingGraph());
  return feeds.map((f) => ref.run(f, TRAIN).loss.data[0]);
}

export function checkLossesMatchReference(run: TrainingRun, tol: ResolvedTolerance): void {
  const expected = referenceMlpLosses(10);
  expectClose(
    run.losses.slice(0, 10),
    expected,
    { rtol: tol.loss, atol: 0 },
    'first 10 training losses vs the float64 reference',
  );
}

export function checkLossFalls(run: TrainingRun): void {
  const first = run.losses[0];
  const last = run.losses[run.losses.length - 1];
  check(Number.isFinite(last), `training diverged: last loss ${last}.`);
  check(
    last < 0.5 * first,
    `loss did not fall enough in ${run.losses.length} Adam steps: ${first} → ${last} (want < half).`,
  );
}

export function checkMemoryFlat(run: TrainingRun): void {
  const fmt = (m: BackendMemory) => `${m.numTensors} tensors / ${m.numBytes} bytes`;
  const [e10, eEnd] = run.executableMemory;
  const [b10, bEnd] = run.backendMemory;
  check(
    e10.numTensors === eEnd.numTensors && e10.numBytes === eEnd.numBytes,
    `executable.memory() grew during training: step 10 ${fmt(e10)}, step ${run.losses.length} ${fmt(eEnd)} (a per-step leak).`,
  );
  check(
    b10.numTensors === bEnd.numTensors && b10.numBytes === bEnd.numBytes,
    `backend.memory() grew during training: step 10 ${fmt(b10)}, step ${run.losses.length} ${fmt(bEnd)} (a per-step leak).`,
  );
}

/** Two fresh executables of the same seeded graph (with dropout) give bit-identical losses. */
export async function checkTrainingDeterminism(backend: Backend, steps = 20): Promise<void> {
  const feeds = mlpFeeds(DATA_SEED, steps);
  const once = () =>
    withExecutable(backend, buildMlpTrainingGraph({ dropout: 0.25 }), async (exec) => {
      const losses: number[] = [];
      for (const f of feeds) losses.push((await exec.run(f, TRAIN)).loss.data[0]);
      return losses;
    });
  const a = await once();
  const b = await once();
  expectClose(b, a, 0, 'losses of a second fresh executable with the same seed');
  check(new Set(a).size > 1, 'losses never changed: the updates were not applied.');
}

/**
 * runSteps gives the same losses and final weights as the same number of run() calls. No
 * dropout here: a fused loop (ONNX `Loop`) may legitimately draw a different random stream.
 */
export async function checkRunSteps(backend: Backend, steps = 10): Promise<void> {
  const feeds = mlpFeeds(DATA_SEED + 1, steps);
  const graph = () => buildMlpTrainingGraph();
  const sequential = await withExecutable(backend, graph(), async (exec) => {
    const losses: number[] = [];
    for (const f of feeds) losses.push((await exec.run(f, TRAIN)).loss.data[0]);
    return { losses, w1: (await exec.readVariables(['w1'])).w1 };
  });
  const fused = await withExecutable(backend, graph(), async (exec) => {
    const outs = await exec.runSteps(feeds, TRAIN);
    check(outs.length === steps, `runSteps(${steps} feed sets) returned ${outs.length} results.`);
    return { losses: outs.map((o) => o.loss.data[0]), w1: (await exec.readVariables(['w1'])).w1 };
  });
  expectClose(
    fused.losses,
    sequential.losses,
    { rtol: 1e-5, atol: 1e-7 },
    'runSteps losses vs repeated run()',
  );
  expectClose(
    fused.w1,
    sequential.w1,
    { rtol: 1e-5, atol: 1e-7 },
    'weights after runSteps vs repeated run()',
  );
}

/** The tiny conv net's output, loss and every gradient vs the reference (batch 4). */
export async function checkConvNet(backend: Backend, tol: ResolvedTolerance): Promise<void> {
  const { graph } = buildConvNetGraph();
  const input = convInput();
  const expected = new ReferenceInterpreter(graph).run({ x: input });
  await withExecutable(backend, graph, async (exec) => {
    const actual = await exec.run({ x: input });
    for (const name of graph.outputs.keys()) {
      const t = name.startsWith('grad/') ? tol.gradient : tol.primitive;
      expectClose(actual[name], expected[name], t, `conv net output "${name}"`);
    }
  });
}

function convInput() {
  // Smooth blobs in [0, 1] rather than noise: closer to images, and no near-ties in max-pooling.
  const data = new Float32Array(4 * 8 * 8);
  for (let b = 0; b < 4; b++) {
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 8; j++) {
        data[(b * 8 + i) * 8 + j] =
          0.5 +
          0.45 * Math.sin(0.7 * i + 1.3 * b) * Math.cos(0.9 * j - 0.4 * b) +
          0.01 * ((i * 7 + j * 3 + b) % 5);
      }
    }
  }
  return new TensorData([4, 8, 8, 1], 'float32', data);
}
