import '@a3/backend-onnx';
import '@a3/backend-tfjs';
import { getBackend, Graph, TensorData } from '@a3/core';
import { describe, expect, it } from 'vitest';
import { mlp } from '../neural/mlp';
import { toyProblem } from '../neural/toy-problem';
import { DeepSad, deepSadArchitecture, resolveDeepSadConfig } from './deepsad';
import { hypersphereCentre, sadLoss } from './sad-loss';

describe.each(['onnx', 'tfjs-cpu'])('sadLoss on %s', (backend) => {
  it('equals ‖φ − c‖² for unlabelled rows and η/(‖φ − c‖² + ε) for labelled anomalies (float64)', async () => {
    const phi = [
      [0.5, -0.2, 1.0],
      [0.1, 0.1, 0.1],
      [2.0, 0.0, -1.0],
      [0.11, 0.19, -0.3],
    ];
    const c = [0.1, 0.2, -0.3];
    const y = [0, 1, 0, 1];
    const eta = 1.5;
    const eps = 1e-6;
    const expected = phi.map((row, i) => {
      const d = row.reduce((s, v, j) => s + (v - c[j]) ** 2, 0);
      return y[i] === 0 ? d : eta / (d + eps);
    });
    const g = new Graph('sad');
    g.output(
      'loss',
      sadLoss(
        g.input('phi', [-1, 3]),
        g.constant(TensorData.float32([3], c)),
        g.input('y', [-1, 1]),
        eta,
        eps,
      ),
    );
    const exec = await (await getBackend(backend)).compile(g);
    const out = await exec.run({ phi: TensorData.fromRows(phi), y: TensorData.float32([4, 1], y) });
    exec.dispose();
    const got = out.loss.data as Float32Array;
    expected.forEach((v, i) => expect(got[i] / v).toBeCloseTo(1, 5));
  });
});

describe('hypersphereCentre', () => {
  it('is the float64 mean with coordinates within eps of 0 pushed to ±eps', () => {
    const rows = Float32Array.from([0.5, 0.09, -0.06, 0, 0.3, 0, -0.03, 0, 0.1, 0.03, 0, 0]);
    const c = Array.from(hypersphereCentre(rows, 4, 0.1).data);
    // column means: 0.3, 0.04, −0.03, 0 → 0.3, +0.1, −0.1, +0.1
    expect(c[0]).toBeCloseTo(0.3, 6);
    expect(c.slice(1)).toEqual([0.1, -0.1, 0.1].map(Math.fround));
  });
});

describe('DeepSad centre', () => {
  it('is the mean of the initial encoder’s forward pass over the training rows (no pretraining)', async () => {
    const { train } = toyProblem(3, { width: 5, normals: 40, known: 4 });
    const options = { epochs: 1, batchSize: 16, seed: 9 };
    const det = await new DeepSad(options).fit(train, { backend: 'onnx' });
    // The same seeded initial weights, applied by hand in float64 (leaky ReLU 0.01, no biases).
    const config = resolveDeepSadConfig(options);
    const arch = deepSadArchitecture(config, 5);
    const net = mlp(
      {
        name: 'deepsad/encoder',
        hidden: arch.hidden,
        output: arch.rep,
        activation: 'leaky-relu',
        alpha: 0.01,
        useBias: false,
      },
      9,
      5,
    );
    const kernels = net.params.names().map((n) => net.params.get(n));
    expect(kernels.length).toBe(arch.hidden.length + 1);
    const n = train.x.shape[0];
    const sum = new Float64Array(arch.rep);
    for (let r = 0; r < n; r++) {
      let h = Array.from(train.x.data.subarray(r * 5, r * 5 + 5));
      kernels.forEach((k, layer) => {
        const [rows, cols] = k.shape;
        const next = Array.from({ length: cols }, (_, j) =>
          h.reduce((s, v, i) => s + v * k.data[i * cols + j], 0),
        );
        void rows;
        h = layer < kernels.length - 1 ? next.map((v) => (v > 0 ? v : 0.01 * v)) : next;
      });
      h.forEach((v, j) => (sum[j] += v));
    }
    const expected = Array.from(sum, (s) => {
      const m = s / n;
      return Math.abs(m) < 0.1 ? (m < 0 ? -0.1 : 0.1) : m;
    });
    const centre = det.centre!;
    expected.forEach((v, j) => expect(centre[j]).toBeCloseTo(v, 4));
  });
});
