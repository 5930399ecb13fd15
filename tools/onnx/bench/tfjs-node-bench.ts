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
console.log(
  JSON.stringify({
    engine: 'tfjs-node',
    version: tf.version.tfjs,
    trainStep: summarize(stepMs),
    inferB1024: summarize(inferMs),
    trainCpuMs,
    inferCpuMs,
  }),
);
