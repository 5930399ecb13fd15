import { BATCH, type DType } from '@a3/core';
import { onnxType } from '../proto/tensor';
import type { Dim, GraphProto, NodeProto, ValueInfoProto } from '../proto/types';
import type { GraphBuilder } from './builder';

/*
 * What both the graph lowering (lower.ts) and the per-op lowerings (ops.ts, conv.ts, pool.ts) need
 * to name and assemble ONNX values: kept apart from both so neither imports the other's module.
 */

/** One lowered operand: its ONNX value name plus the IR's static facts about it. */
export interface Operand {
  name: string;
  shape: readonly number[];
  dtype: DType;
}

/** The symbolic batch dimension's name in every model a3 writes. */
export const BATCH_DIM = 'N';

export function dims(shape: readonly number[], leading: readonly Dim[] = []): Dim[] {
  return [...leading, ...shape.map((d) => (d === BATCH ? BATCH_DIM : d))];
}

export function valueInfo(
  name: string,
  dtype: DType,
  shape: readonly number[],
  leading: readonly Dim[] = [],
): ValueInfoProto {
  return { name, type: { elemType: onnxType(dtype), shape: dims(shape, leading) } };
}

/**
 * Names graph outputs. A value produced by a node of `b` is renamed in place (no copy);
 * graph inputs, initializers and values already exported under another name go through
 * an Identity, since one ONNX value has one name.
 */
export function bindOutputs(b: GraphBuilder, outputs: readonly { name: string; value: string }[]): void {
  const produced = new Set(b.nodes.flatMap((n) => n.outputs));
  const rename = new Map<string, string>();
  for (const o of outputs) {
    if (produced.has(o.value) && !rename.has(o.value)) rename.set(o.value, o.name);
    else b.op('Identity', [rename.get(o.value) ?? o.value], [], o.name);
  }
  if (rename.size === 0) return;
  const r = (s: string) => rename.get(s) ?? s;
  b.nodes.splice(
    0,
    b.nodes.length,
    ...b.nodes.map((n): NodeProto => ({ ...n, inputs: n.inputs.map(r), outputs: n.outputs.map(r) })),
  );
}

export function graphOf(
  b: GraphBuilder,
  name: string,
  inputs: ValueInfoProto[],
  outputs: ValueInfoProto[],
): GraphProto {
  return { nodes: b.nodes, name, initializers: b.initializers, inputs, outputs };
}
