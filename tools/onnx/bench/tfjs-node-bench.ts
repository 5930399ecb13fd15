/**
 * tfjs-node side of tools/onnx/bench-vs-torch.mjs: the same MLP and step written directly in
 * tfjs (tf.variable weights, optimizer.minimize with tf.train.adam), so it measures TF's
 * kernels rather than any a3 layer. Prints one JSON line.
 */
import * as tf from '@tensorflow/tfjs-node';
import { arg, cpuMs, summarize } from './stats';

const steps = arg('steps', 30);
const warmup = arg('warmup', 5);
const sizes = [784, 1000, 500, 200, 75, 1];

const weights = sizes.slice(1).map((out, i) => ({
  w: tf.variable(tf.randomUniform([sizes[i], out], -0.05, 0.05, 'float32', 1 + i)),
  b: tf.variable(tf.zeros([out])),
}));
const forward = (x: tf.Tensor2D, training: boolean): tf.Tensor2D => {
  let h: tf.Tensor2D = x;
  weights.forEach(({ w, b }, i) => {
    if (i === weights.length - 1 && training) h = tf.dropout(h, 0.1) as tf.Tensor2D;
    h = tf.add(tf.matMul(h, w), b);
    if (i < weights.length - 1) h = tf.relu(h);
  });
  return h;
};
const bce = (z: tf.Tensor2D, y: tf.Tensor2D) =>
  tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))));

const opt = tf.train.adam(1e-3);
const x = tf.randomUniform([256, 784], 0, 1, 'float32', 7) as tf.Tensor2D;
const y = tf.cast(tf.greater(tf.randomUniform([256, 1], 0, 1, 'float32', 8), 0.7), 'float32') as tf.Tensor2D;
const stepMs: number[] = [];
let cpu = process.cpuUsage();
for (let i = 0; i < warmup + steps; i++) {
  if (i === warmup) cpu = process.cpuUsage();
  const t0 = performance.now();
  const loss = opt.minimize(() => bce(forward(x, true), y) as tf.Scalar, true)!;
  loss.dataSync();
  loss.dispose();
  if (i >= warmup) stepMs.push(performance.now() - t0);
}
const trainCpuMs = cpuMs(cpu, steps);
const xi = tf.randomUniform([1024, 784], 0, 1, 'float32', 9) as tf.Tensor2D;
const inferMs: number[] = [];
for (let i = 0; i < warmup + steps; i++) {
  if (i === warmup) cpu = process.cpuUsage();
  const t0 = performance.now();
  const s = tf.tidy(() => tf.sigmoid(forward(xi, false)));
  s.dataSync();
  s.dispose();
  if (i >= warmup) inferMs.push(performance.now() - t0);
}
const inferCpuMs = cpuMs(cpu, steps);

// The A³ MNIST conv auto-encoder (same shape as the onnx side's convAeTrainGraph).
const kernels = [
  [1, 16],
  [16, 8],
  [8, 8],
  [8, 8],
  [8, 8],
  [8, 16],
  [16, 1],
].map(([ci, co], i) => ({
  k: tf.variable(tf.randomUniform([3, 3, ci, co], -0.2, 0.2, 'float32', 20 + i)),
  b: tf.variable(tf.zeros([co])),
}));
const conv = (h: tf.Tensor4D, i: number) =>
  tf.add(tf.conv2d(h, kernels[i].k as tf.Tensor4D, 1, 'same'), kernels[i].b) as tf.Tensor4D;
const convAe = (x: tf.Tensor4D): tf.Tensor4D => {
  let h = x;
  for (let i = 0; i < 3; i++) h = tf.relu(tf.maxPool(conv(h, i), 2, 2, 'same'));
  for (let i = 3; i < 6; i++) {
    const r = tf.relu(conv(h, i));
    h = tf.image.resizeNearestNeighbor(r, [r.shape[1] * 2, r.shape[2] * 2]);
  }
  return conv(tf.slice(h, [0, 2, 2, 0], [-1, 28, 28, -1]), 6);
};
const images = tf.randomUniform([256, 28, 28, 1], 0, 1, 'float32', 30) as tf.Tensor4D;
const convOpt = tf.train.adam(1e-3);
const convSteps = Math.max(3, Math.round(steps / 3));
const convMs: number[] = [];
for (let i = 0; i < 2 + convSteps; i++) {
  if (i === 2) cpu = process.cpuUsage();
  const t0 = performance.now();
  const loss = convOpt.minimize(
    () =>
      bce(
        tf.reshape(convAe(images), [256, -1]) as tf.Tensor2D,
        tf.reshape(images, [256, -1]) as tf.Tensor2D,
      ) as tf.Scalar,
    true,
  )!;
  loss.dataSync();
  loss.dispose();
  if (i >= 2) convMs.push(performance.now() - t0);
}
const convAeCpuMs = cpuMs(cpu, convSteps);

console.log(
  JSON.stringify({
    engine: 'tfjs-node',
    version: tf.version.tfjs,
    trainStep: summarize(stepMs),
    inferB1024: summarize(inferMs),
    trainCpuMs,
    inferCpuMs,
    convAeStep: summarize(convMs),
    convAeCpuMs,
  }),
);
