import { GraphError, type Node } from '@a3/core';
import type { GraphProto, ModelProto, OperatorSetIdProto } from '../proto/types';
import type { GraphBuilder } from './builder';
import { lowerNode } from './ops';
import type { Operand } from './values';

/** ONNX IR version and default-domain opset a3 writes (ORT 1.30 reads IR ≤ 13, opset ≤ 26). */
export const IR_VERSION = 10;
/** Opset 18: every reduction (Sum, Mean, Max) takes `axes` as an input; ScatterElements has reduction=add. */
export const OPSET = 18;

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
