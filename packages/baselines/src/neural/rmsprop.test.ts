import '@a3/backend-onnx';
import '@a3/backend-tfjs';
import { getBackend, Graph, ops, TensorData } from '@a3/core';
import { describe, expect, it } from 'vitest';
import { rmsprop } from './rmsprop';

/**
 * Keras 2 RMSprop with clipnorm, by hand in float64, on loss = Σ c_i·w_i²/2 over two
 * variables (gradient c ⊙ w): the global norm of both gradients decides the clip.
 */
function reference(
  w: number[][],
  c: number[][],
  steps: number,
  lr: number,
  rho: number,
  eps: number,
  clip: number,
) {
  const a = w.map((v) => v.map(() => 0));
  const cur = w.map((v) => [...v]);
  for (let t = 0; t < steps; t++) {
    const g = cur.map((v, k) => v.map((x, i) => c[k][i] * x));
    const norm = Math.sqrt(g.flat().reduce((s, x) => s + x * x, 0));
    const scale = norm > clip ? clip / norm : 1;
    g.forEach((gv, k) =>
      gv.forEach((x, i) => {
        const gi = x * scale;
        a[k][i] = rho * a[k][i] + (1 - rho) * gi * gi;
        cur[k][i] -= (lr * gi) / (Math.sqrt(a[k][i]) + eps);
      }),
    );
  }
  return cur;
}

describe.each(['onnx', 'tfjs-cpu'])('rmsprop on %s', (backend) => {
  it.each([
    ['with the global-norm clip active', 1],
    ['with a clip that never binds', 1e6],
  ])('matches Keras 2’s update rule %s', async (_label, clip) => {
    const w0 = [
      [1.5, -2.0, 0.25],
      [3.0, -0.5],
    ];
    const c = [
      [1, 2, 4],
      [0.5, 3],
    ];
    const g = new Graph('rmsprop');
    const vars = w0.map((v, k) => g.variable(`w${k}`, TensorData.float32([v.length], v)));
    const loss = vars
      .map((v, k) =>
        ops.sum(ops.mul(ops.square(v), ops.mul(g.constant(TensorData.float32([c[k].length], c[k])), 0.5))),
      )
      .reduce((a, b) => ops.add(a, b));
    const grads = vars.map((v, k) => ops.mul(v, g.constant(TensorData.float32([c[k].length], c[k]))));
    rmsprop({ lr: 0.05, clipNorm: clip }).applyGradients(
      g,
      vars.map((v, k) => ({ name: `w${k}`, variable: v, grad: grads[k] })),
    );
    g.output('loss', loss);
    const exec = await (await getBackend(backend)).compile(g);
    for (let t = 0; t < 3; t++) await exec.run({}, { outputs: ['loss'], updates: true });
    const got = await exec.readVariables(['w0', 'w1']);
    exec.dispose();
    const want = reference(w0, c, 3, 0.05, 0.9, 1e-7, clip);
    want.forEach((v, k) => v.forEach((x, i) => expect(got[`w${k}`].data[i]).toBeCloseTo(x, 5)));
  });
});
