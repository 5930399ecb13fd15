import { BATCH, GraphError, type DType, type Node } from '@a3/core';
import { onnxType } from '../proto/tensor';
import type {
  Dim,
  GraphProto,
  ModelProto,
  NodeProto,
  OperatorSetIdProto,
  ValueInfoProto,
} from '../proto/types';
import { GraphBuilder } from './builder';
import { lowerNode, type Operand } from './ops';

/** ONNX IR version and default-domain opset a3 writes (ORT 1.30 reads IR ≤ 13, opset ≤ 26). */
export const IR_VERSION = 10;
/** Opset 18: every reduction (Sum, Mean, Max) takes `axes` as an input; ScatterElements has reduction=add. */
export const OPSET = 18;
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

/** How IR nodes without a lowering (Input, Variable, Const) become ONNX values. */
export type Binder = (node: Extract<Node, { op: 'Input' | 'Variable' | 'Const' }>) => string;

/** Lowers `nodes` (topologically ordered) into `b`; returns each IR node's ONNX value. */
export function lowerNodes(b: GraphBuilder, nodes: readonly Node[], bind: Binder): Map<number, Operand> {
  const values = new Map<number, Operand>();
  for (const node of nodes) {
    const name =
      node.op === 'Input' || node.op === 'Variable' || node.op === 'Const'
        ? bind(node)
        : lowerNode(
            b,
            node,
            node.inputs.map((i) => {
              const v = values.get(i);
              if (!v)
                throw new GraphError(
                  `onnx lowering: node #${node.id} reads #${i}, which is not in the run plan.`,
                );
              return v;
            }),
          );
    values.set(node.id, { name, shape: node.shape, dtype: node.dtype });
  }
  return values;
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

export interface ModelInfo {
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  metadata?: Record<string, string>;
  /** Opsets of other domains the graph uses (e.g. ai.onnx.ml), after the default one. */
  extraOpsets?: readonly OperatorSetIdProto[];
}

export function wrapModel(graph: GraphProto, info: ModelInfo = {}): ModelProto {
  return {
    irVersion: IR_VERSION,
    producerName: info.producerName ?? 'a3',
    ...(info.producerVersion !== undefined ? { producerVersion: info.producerVersion } : {}),
    ...(info.docString !== undefined ? { docString: info.docString } : {}),
    opsetImports: [{ domain: '', version: OPSET }, ...(info.extraOpsets ?? [])],
    graph,
    ...(info.metadata
      ? { metadataProps: Object.entries(info.metadata).map(([key, value]) => ({ key, value })) }
      : {}),
  };
}

export function graphOf(
  b: GraphBuilder,
  name: string,
  inputs: ValueInfoProto[],
  outputs: ValueInfoProto[],
): GraphProto {
  return { nodes: b.nodes, name, initializers: b.initializers, inputs, outputs };
}

/** Binds inputs and variables by name and IR constants to fresh initializers of `b`. */
export function binder(
  b: GraphBuilder,
  bindInput: (name: string) => string,
  bindVariable: (name: string) => string,
): Binder {
  return (node) => {
    switch (node.op) {
      case 'Input':
        return bindInput(node.attrs.name);
      case 'Variable':
        return bindVariable(node.attrs.name);
      case 'Const':
        return b.initializer(b.fresh('c'), node.attrs.value);
    }
  };
}
