import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { Graph, ops, TensorData, InvalidArgumentError } from '@a3/core';
import { exportOnnxModel } from '../export/export';
import { encodeModel } from '../proto/encode';
import { createOnnxBackend } from '../runtime/backend';
import { values } from '../testing/run';
import { quantizeColumns, quantizeDynamic } from './quantize';

const IN = 256;
const HIDDEN = 300;
const w1 = values(IN * HIDDEN, 3).map((v) => v * 0.3);
const b1 = values(HIDDEN, 4).map((v) => v * 0.1);
const w2 = values(HIDDEN, 5);

function mlp(): Graph {
  const g = new Graph('mlp');
  const x = g.input('x', [-1, IN]);
  const h = ops.relu(
    ops.add(
      ops.matMul(x, g.variable('w1', TensorData.float32([IN, HIDDEN], w1))),
      g.variable('b1', TensorData.float32([HIDDEN], b1)),
    ),
  );
  g.output('y', ops.matMul(h, g.variable('w2', TensorData.float32([HIDDEN, 1], w2))));
  return g;
}

/** The float64 forward pass: the independent expectation. */
function reference(x: number[], rows: number): number[] {
  const y: number[] = [];
  for (let r = 0; r < rows; r++) {
    let out = 0;
    for (let c = 0; c < HIDDEN; c++) {
      let s = b1[c];
      for (let k = 0; k < IN; k++) s += x[r * IN + k] * w1[k * HIDDEN + c];
      out += Math.max(0, s) * w2[c];
    }
    y.push(out);
  }
  return y;
}

async function run(model: Uint8Array, x: Float32Array, rows: number): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
  try {
    const r = await s.run({ x: new ort.Tensor('float32', x, [rows, IN]) });
    return r.y.data as Float32Array;
  } finally {
    await s.release();
  }
}

describe('quantizeColumns', () => {
  it('scales each column by its largest magnitude / 127 and rounds half to even', () => {
    const w = Float32Array.from([1, 0, -0.5, 0, 0.25, 0, 127 / 254, 0]); // [4, 2]; column 1 all zero
    const { q, scales } = quantizeColumns(w, 4, 2);
    expect(Array.from(scales)).toEqual([1 / 127, 1].map((v) => Math.fround(v)));
    // 0.25·127 = 31.75 → 32; 0.5·127 = 63.5 → 64 (even); −63.5 → −64.
    expect(Array.from(q)).toEqual([127, 0, -64, 0, 32, 0, 64, 0]);
  });

  it('reconstructs every weight within half a step of its column', () => {
    const w = Float32Array.from(w1);
    const { q, scales } = quantizeColumns(w, IN, HIDDEN);
    for (let i = 0; i < w.length; i++) {
      const c = i % HIDDEN;
      expect(Math.abs(q[i] * scales[c] - w[i])).toBeLessThanOrEqual(scales[c] / 2 + 1e-7);
    }
  });
});

describe('quantizeDynamic', () => {
  it('replaces large weight MatMuls by DynamicQuantizeLinear + MatMulInteger and stays close to float', async () => {
    const g = mlp();
    const float = exportOnnxModel(g, undefined, { outputs: ['y'] });
    const { model, summary } = quantizeDynamic(float);
    expect(summary.quantized).toEqual(['w1']); // w2 (300 values) is below minElements
    expect(summary.int8Bytes * 4).toBe(summary.floatBytes);
    const opTypes = model.graph.nodes.map((n) => n.opType);
    expect(opTypes).toContain('MatMulInteger');
    expect(opTypes.filter((t) => t === 'MatMul')).toHaveLength(1);
    expect(model.graph.initializers?.some((t) => t.name === 'w1')).toBe(false);

    const rows = 32;
    const x = values(rows * IN, 9).map((v) => (v + 1) / 2);
    const want = reference(x, rows);
    const q = await run(encodeModel(model), Float32Array.from(x), rows);
    const f = await run(encodeModel(float), Float32Array.from(x), rows);
    const scale = Math.max(...want.map(Math.abs));
    for (let r = 0; r < rows; r++) {
      expect(Math.abs(f[r] - want[r])).toBeLessThan(1e-5 * scale);
      // 8-bit weights and activations: within 2 % of the output's range.
      expect(Math.abs(q[r] - want[r])).toBeLessThan(0.02 * scale);
    }
  });

  it('leaves a model without float weight initializers as it is and checks its options', () => {
    const g = new Graph('no-weights');
    const x = g.input('x', [-1, IN]);
    g.output('y', ops.matMul(x, ops.transpose(x, [1, 0])));
    const float = exportOnnxModel(g, undefined, { outputs: ['y'] });
    const { model, summary } = quantizeDynamic(float);
    expect(summary.quantized).toEqual([]);
    expect(model.graph.nodes).toEqual(float.graph.nodes);
    expect(() => quantizeDynamic(float, { minElements: 0 })).toThrow(InvalidArgumentError);
  });
});

describe('quantize compile option', () => {
  it('scores with the int8 model from the first run on', async () => {
    const backend = await createOnnxBackend({ threads: 1 });
    const exec = await backend.compile(mlp(), { quantize: 'int8' });
    const rows = 16;
    const x = Float32Array.from(values(rows * IN, 11).map((v) => (v + 1) / 2));
    const first = (await exec.run({ x: new TensorData([rows, IN], 'float32', x) })).y.data;
    const again = (await exec.run({ x: new TensorData([rows, IN], 'float32', x) })).y.data;
    const exported = await run(
      encodeModel(quantizeDynamic(exportOnnxModel(mlp(), undefined, { outputs: ['y'] })).model),
      x,
      rows,
    );
    expect(Array.from(first)).toEqual(Array.from(again));
    // The same int8 arithmetic; the graphs around it differ (float rounding of the bias add etc.).
    for (let r = 0; r < rows; r++)
      expect(Math.abs(first[r] - exported[r])).toBeLessThanOrEqual(2e-6 * Math.max(1, Math.abs(exported[r])));
    // Not the float model: the int8 rounding shows.
    const float = reference(Array.from(x), rows);
    expect(float.some((v, r) => Math.abs(v - first[r]) > 1e-5)).toBe(true);
    exec.dispose();
    await expect(backend.compile(mlp(), { quantize: 'int4' as 'int8' })).rejects.toThrow(
      /quantize must be one of/,
    );
  });
});
