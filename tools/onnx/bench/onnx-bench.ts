/**
 * onnx backend side of tools/onnx/bench-vs-torch.mjs: the A³ alarm MLP (784→1000→500→200→75→1,
 * ReLU, dropout 0.1, BCE from logits, Adam) trained at batch 256, inference at batch 1024, and the
 * A³ MNIST conv auto-encoder train step.
 * Prints one JSON line.
 */
import { Rng } from '@a3/core';
import { createOnnxBackend } from '@a3/backend-onnx';
import { convAeTrainGraph } from '../../../packages/backend-onnx/src/testing/conv-ae';
import {
  ALARM_MLP,
  mlpBatch,
  mlpInferenceGraph,
  mlpTrainGraph,
} from '../../../packages/backend-onnx/src/testing/mlp';
import { arg, cpuMs, summarize } from './stats';

const threads = arg('threads', 2);
const steps = arg('steps', 30);
const warmup = arg('warmup', 5);
const loop = arg('loop', 10);
const allowSpinning = arg('spin', 0) !== 0;

const backend = await createOnnxBackend({ threads, allowSpinning });
const rng = new Rng(1);
const batches = Array.from({ length: Math.max(loop, 4) }, () => mlpBatch(rng, 256, ALARM_MLP.inputs));

const train = await backend.compile(mlpTrainGraph(), { stepsPerRun: loop });
const stepMs: number[] = [];
let cpu = process.cpuUsage();
for (let i = 0; i < warmup + steps; i++) {
  if (i === warmup) cpu = process.cpuUsage();
  const t0 = performance.now();
  await train.run(batches[i % batches.length]);
  if (i >= warmup) stepMs.push(performance.now() - t0);
}
const trainCpuMs = cpuMs(cpu, steps);

const loopMs: number[] = [];
const calls = Math.max(3, Math.ceil(steps / loop));
const feeds = batches.slice(0, loop);
for (let i = 0; i < 1 + calls; i++) {
  const t0 = performance.now();
  await train.runSteps(feeds);
  if (i >= 1) loopMs.push((performance.now() - t0) / loop);
}

const infer = await backend.compile(mlpInferenceGraph());
const x = new Rng(2).uniformTensor([1024, ALARM_MLP.inputs]);
const inferMs: number[] = [];
for (let i = 0; i < warmup + steps; i++) {
  if (i === warmup) cpu = process.cpuUsage();
  const t0 = performance.now();
  await infer.run({ x });
  if (i >= warmup) inferMs.push(performance.now() - t0);
}
const inferCpuMs = cpuMs(cpu, steps);

// The A³ MNIST conv auto-encoder's train step (batch 256), fewer steps: it is slower.
const convSteps = Math.max(3, Math.round(steps / 3));
const convAe = await backend.compile(convAeTrainGraph());
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
    trainStepLoop: { ...summarize(loopMs), stepsPerRun: loop },
    inferB1024: summarize(inferMs),
    trainCpuMs,
    inferCpuMs,
    convAeStep: summarize(convMs),
    convAeCpuMs: convCpuMs,
  }),
);
train.dispose();
infer.dispose();
