import { InvalidArgumentError } from '@a3/core';
import { DataType, type GraphProto, type ModelProto, type NodeProto, type TensorProto } from '../proto/types';
import { floatTensor } from '../proto/tensor';

/** The quantizations a3 can apply to an inference model. */
export const QUANTIZE_TYPES = ['int8'] as const;
export type QuantizeType = (typeof QUANTIZE_TYPES)[number];

export interface QuantizeOptions {
  /**
   * Weights with fewer elements stay float (default 65 536). Small layers hold little of the
   * arithmetic but much of the rounding error: on an NSL-KDD A³ model, quantizing its target's
   * layers (≤ 24 400 weights each) too moved the AUC by 0.0036, the alarm's three large layers
   * alone by 0.0010, for 7.2 vs 6.7 ms of CPU per 1024 rows (float: 24 ms).
   */
  minElements?: number;
}

/** What quantizeDynamic did, for messages and tests. */
export interface QuantizeSummary {
  /** MatMul nodes replaced, by weight name. */
  quantized: string[];
  /** Float weight bytes before and int8 bytes after. */
  floatBytes: number;
  int8Bytes: number;
}

export function isQuantizeType(v: string): v is QuantizeType {
  return (QUANTIZE_TYPES as readonly string[]).includes(v);
}

/** Round half to even, as numpy and ONNX's QuantizeLinear do. */
function roundEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Symmetric per-column int8: column c of W [K, N] becomes round(W[:, c] / s_c) in [−127, 127]
 * with s_c = max|W[:, c]| / 127 (1 for an all-zero column). Per column rather than per tensor:
 * a layer's columns differ in range, and the scale is applied after the integer product anyway.
 */
export function quantizeColumns(
  w: Float32Array,
  k: number,
  n: number,
): { q: Int8Array; scales: Float32Array } {
  const scales = new Float32Array(n);
  for (let c = 0; c < n; c++) {
    let max = 0;
    for (let r = 0; r < k; r++) max = Math.max(max, Math.abs(w[r * n + c]));
    scales[c] = max > 0 ? max / 127 : 1;
  }
  const q = new Int8Array(k * n);
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < n; c++) {
      q[r * n + c] = Math.max(-127, Math.min(127, roundEven(w[r * n + c] / scales[c])));
    }
  }
  return { q, scales };
}

function floats(t: TensorProto): Float32Array {
  // A copy into fresh, aligned memory (a decoded model's raw bytes may sit at any offset).
  const bytes = new Uint8Array(t.rawData);
  return new Float32Array(bytes.buffer, 0, bytes.byteLength / 4);
}

/**
 * Dynamic int8 quantization of an inference model (what onnxruntime's `quantize_dynamic` does,
 * with per-column weight scales): every `MatMul(A, W)` whose W is a float 2-D initializer
 * becomes
 *
 *   DynamicQuantizeLinear(A) → A_q (uint8), a_scale, a_zero
 *   MatMulInteger(A_q, W_q (int8), a_zero) → int32 → Cast float → × (a_scale · w_scales)
 *
 * The activations are quantized per call from their own range, so a row's score depends (in the
 * last bits) on the other rows of its batch. Only standard ai.onnx ops (opset ≥ 11); onnxruntime
 * fuses the chain into one quantized kernel (VNNI where the CPU has it).
 */
export function quantizeDynamic(
  model: ModelProto,
  options: QuantizeOptions = {},
): { model: ModelProto; summary: QuantizeSummary } {
  const minElements = options.minElements ?? 65_536;
  if (!(Number.isInteger(minElements) && minElements >= 1)) {
    throw new InvalidArgumentError(`quantize: minElements must be a positive integer; got ${minElements}.`);
  }
  const g = model.graph;
  const inits = new Map((g.initializers ?? []).map((t) => [t.name ?? '', t]));
  const consumers = new Map<string, number>();
  for (const n of g.nodes) for (const i of n.inputs) consumers.set(i, (consumers.get(i) ?? 0) + 1);
  const summary: QuantizeSummary = { quantized: [], floatBytes: 0, int8Bytes: 0 };
  const added: TensorProto[] = [];
  const dropped = new Set<string>();
  const nodes: NodeProto[] = [];
  for (const node of g.nodes) {
    const w = node.opType === 'MatMul' && (node.domain ?? '') === '' ? inits.get(node.inputs[1]) : undefined;
    if (!w || w.dataType !== DataType.FLOAT || w.dims.length !== 2 || w.dims[0] * w.dims[1] < minElements) {
      nodes.push(node);
      continue;
    }
    const [k, n] = w.dims;
    const name = node.inputs[1];
    const { q, scales } = quantizeColumns(floats(w), k, n);
    const base = `${name}/int8`;
    added.push(
      { name: `${base}/q`, dims: [k, n], dataType: DataType.INT8, rawData: new Uint8Array(q.buffer) },
      floatTensor(`${base}/scale`, [n], scales),
    );
    // The float weight goes unless something else reads it (or it is also a graph input).
    if ((consumers.get(name) ?? 0) === 1 && !g.inputs.some((i) => i.name === name)) dropped.add(name);
    const [a] = node.inputs;
    const [y] = node.outputs;
    nodes.push(
      { opType: 'DynamicQuantizeLinear', inputs: [a], outputs: [`${y}/aq`, `${y}/ascale`, `${y}/azero`] },
      { opType: 'MatMulInteger', inputs: [`${y}/aq`, `${base}/q`, `${y}/azero`], outputs: [`${y}/int`] },
      {
        opType: 'Cast',
        inputs: [`${y}/int`],
        outputs: [`${y}/float`],
        attributes: [{ name: 'to', type: 'INT', i: DataType.FLOAT }],
      },
      { opType: 'Mul', inputs: [`${y}/ascale`, `${base}/scale`], outputs: [`${y}/scale`] },
      { opType: 'Mul', inputs: [`${y}/float`, `${y}/scale`], outputs: [y] },
    );
    summary.quantized.push(name);
    summary.floatBytes += k * n * 4;
    summary.int8Bytes += k * n;
  }
  const graph: GraphProto = {
    ...g,
    nodes,
    initializers: [...(g.initializers ?? []).filter((t) => !dropped.has(t.name ?? '')), ...added],
  };
  return { model: { ...model, graph }, summary };
}
