/**
 * onnx backend side of tools/onnx/bench-vs-torch.mjs: the A³ alarm MLP (784→1000→500→200→75→1,
 * ReLU, dropout 0.1, BCE from logits, Adam 1e-3) built with @a3/nn and trained through the
 * @a3/train Trainer at batch 256 — the graph a3 users train — inference at batch 1024, and the
 * A³ MNIST conv auto-encoder train step. Prints one JSON line.
 *
 * Train steps are timed three ways:
 *   trainStep      one backend call per step (Trainer.trainStep; what a hand-written loop gets),
 *   trainStepLoop  as `fit` trains: Trainer.trainSteps over --loop batches, which the onnx
 *                  backend runs as one ONNX `Loop` (weights and Adam state stay inside ORT),
 *   trainStepLoopGuarded  the same with fit's NaN guard on (fit's default).
 * The first two use no NaN guard, so the arithmetic is the same as torch_bench.py's step.
 */
import { Graph, ops, Rng, TensorData, type Feeds } from '@a3/core';
import { createOnnxBackend } from '@a3/backend-onnx';
import { Dense, Dropout, Sequential } from '@a3/nn';
import { adam, bceWithLogits, Trainer } from '@a3/train';
import { convAeTrainGraph } from '../../../packages/backend-onnx/src/testing/conv-ae';
import { arg, cpuMs, summarize } from './stats';

const threads = arg('threads', 2);
const steps = arg('steps', 30);
const warmup = arg('warmup', 5);
const loop = arg('loop', 16);
const allowSpinning = arg('spin', 0) !== 0;
const SIZES = [784, 1000, 500, 200, 75];

const backend = await createOnnxBackend({ threads, allowSpinning });
const compileOptions = { threads, allowSpinning, stepsPerRun: loop };
const alarm = (seed: number) =>
  new Sequential(
    [
      ...SIZES.slice(1).map((u, i) => new Dense(u, { activation: 'relu', name: `dense_${i + 1}` })),
      new Dropout(0.1, { name: 'dropout' }),
      new Dense(1, { name: 'logit' }),
    ],
    { name: 'alarm', seed },
  );

const rng = new Rng(1);
const batches: Feeds[] = Array.from({ length: loop }, () => {
  const x = rng.uniformTensor([256, SIZES[0]]);
  const y = TensorData.float32(
    [256, 1],
    Array.from({ length: 256 }, () => (rng.next() < 0.3 ? 1 : 0)),
  );
  return { x, y };
});

function trainer(nanGuard: boolean): Trainer {
  const model = alarm(2409);
  return new Trainer({
    backend,
    params: model.params,
    buildLoss: ({ x, y, training }) => bceWithLogits(model.apply(x, { training }).logits, y!),
    optimizer: adam({ lr: 1e-3 }),
    validationLoss: false,
    nanGuard,
    compileOptions,
  });
}

const checked = (loss: number) => {
  if (!Number.isFinite(loss)) throw new Error(`training diverged: loss ${loss}`);
};

// One backend call per step.
const single = trainer(false);
await single.prepare(batches[0]);
const stepMs: number[] = [];
let cpu = process.cpuUsage();
for (let i = 0; i < warmup + steps; i++) {
  if (i === warmup) cpu = process.cpuUsage();
  const t0 = performance.now();
  checked((await single.trainStep(batches[i % batches.length])).loss);
  if (i >= warmup) stepMs.push(performance.now() - t0);
}
const trainCpuMs = cpuMs(cpu, steps);
single.dispose();

// As fit trains: `loop` steps per backend call, per-step time.
async function fused(nanGuard: boolean): Promise<{ ms: number[]; cpu: number }> {
  const t = trainer(nanGuard);
  await t.prepare(batches[0]);
  const ms: number[] = [];
  const calls = Math.max(3, Math.ceil(steps / loop));
  let since = process.cpuUsage();
  for (let i = 0; i < 1 + calls; i++) {
    if (i === 1) since = process.cpuUsage();
    const t0 = performance.now();
    for (const r of await t.trainSteps(batches)) checked(r.loss);
    if (i >= 1) ms.push((performance.now() - t0) / loop);
  }
  const cpuPerStep = cpuMs(since, calls * loop);
  t.dispose();
  return { ms, cpu: cpuPerStep };
}
const loopRun = await fused(false);
const guardedRun = await fused(true);

const inferModel = alarm(2409);
const ig = new Graph('alarm-score');
ig.output('score', ops.sigmoid(inferModel.apply(ig.input('x', [-1, SIZES[0]]), { training: false }).logits));
const infer = await backend.compile(ig, compileOptions);
const x = new Rng(2).uniformTensor([1024, SIZES[0]]);
const inferMs: number[] = [];
for (let i = 0; i < warmup + steps; i++) {
  if (i === warmup) cpu = process.cpuUsage();
  const t0 = performance.now();
  await infer.run({ x });
  if (i >= warmup) inferMs.push(performance.now() - t0);
}
const inferCpuMs = cpuMs(cpu, steps);
infer.dispose();

// The A³ MNIST conv auto-encoder's train step (batch 256), fewer steps: it is slower.
const convSteps = Math.max(3, Math.round(steps / 3));
const convAe = await backend.compile(convAeTrainGraph(), compileOptions);
const images = { x: new Rng(3).uniformTensor([256, 28, 28, 1]) };
const convMs: number[] = [];
for (let i = 0; i < 2 + convSteps; i++) {
  if (i === 2) cpu = process.cpuUsage();
  const t0 = performance.now();
  await convAe.run(images);
  if (i >= 2) convMs.push(performance.now() - t0);
}
const convCpuMs = cpuMs(cpu, convSteps);
convAe.dispose();

console.log(
  JSON.stringify({
    engine: 'onnx',
    version: backend.describe().onnxruntime,
    threads,
    allowSpinning,
    trainStep: summarize(stepMs),
    trainStepLoop: { ...summarize(loopRun.ms), stepsPerRun: loop },
    trainStepLoopGuarded: { ...summarize(guardedRun.ms), stepsPerRun: loop },
    inferB1024: summarize(inferMs),
    trainCpuMs,
    trainLoopCpuMs: loopRun.cpu,
    inferCpuMs,
    convAeStep: summarize(convMs),
    convAeCpuMs: convCpuMs,
  }),
);
