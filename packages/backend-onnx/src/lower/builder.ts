import type { TensorData } from '@a3/core';
import { floatTensor, int64Tensor, tensorProto } from '../proto/tensor';
import type { AttributeProto, GraphProto, NodeProto, TensorProto } from '../proto/types';

/** Attribute constructors: ONNX checks attribute types exactly (e.g. LeakyRelu alpha is a FLOAT). */
export const attr = {
  float: (name: string, f: number): AttributeProto => ({ name, type: 'FLOAT', f }),
  int: (name: string, i: number): AttributeProto => ({ name, type: 'INT', i }),
  ints: (name: string, ints: readonly number[]): AttributeProto => ({ name, type: 'INTS', ints }),
  string: (name: string, s: string): AttributeProto => ({ name, type: 'STRING', s }),
  tensor: (name: string, t: TensorProto): AttributeProto => ({ name, type: 'TENSOR', t }),
  graph: (name: string, g: GraphProto): AttributeProto => ({ name, type: 'GRAPH', g }),
};

/**
 * Accumulates ONNX nodes and initializers for one graph (the main graph or a Loop body).
 * Value names are fresh per builder (`prefix` keeps a body's names apart from its outer
 * graph's, since ONNX subgraphs must not shadow outer names), and int64/float constants are
 * shared, so a model holds each shape vector once.
 */
export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private counter = 0;
  private readonly constants = new Map<string, string>();

  constructor(private readonly prefix = '#') {}

  fresh(hint: string): string {
    return `${this.prefix}${hint}.${this.counter++}`;
  }

  /** Appends a node with `outputs` fresh outputs (or the given names) and returns their names. */
  nodeN(
    opType: string,
    inputs: readonly string[],
    outputs: number | readonly string[],
    attributes: AttributeProto[] = [],
  ): string[] {
    const names =
      typeof outputs === 'number' ? Array.from({ length: outputs }, () => this.fresh(opType)) : [...outputs];
    this.nodes.push({ inputs, outputs: names, opType, ...(attributes.length ? { attributes } : {}) });
    return names;
  }

  /** A single-output node; returns its output name. */
  op(opType: string, inputs: readonly string[], attributes: AttributeProto[] = [], output?: string): string {
    return this.nodeN(opType, inputs, output === undefined ? 1 : [output], attributes)[0];
  }

  /** An initializer under a given name (variables baked in for export, constants). */
  initializer(name: string, value: TensorData): string {
    this.initializers.push(tensorProto(name, value));
    return name;
  }

  private shared(key: string, make: (name: string) => TensorProto): string {
    let name = this.constants.get(key);
    if (!name) {
      name = this.fresh('const');
      this.initializers.push(make(name));
      this.constants.set(key, name);
    }
    return name;
  }

  /** A 1-D int64 constant (shapes, axes, pads, slice bounds). */
  int64s(values: readonly (number | bigint)[]): string {
    return this.shared(`i64:${values.join(',')}`, (n) => int64Tensor(n, [values.length], values));
  }

  /** A scalar int64 constant. */
  int64Scalar(value: number): string {
    return this.shared(`i64s:${value}`, (n) => int64Tensor(n, [], [value]));
  }

  floatScalar(value: number): string {
    return this.shared(`f32s:${Object.is(value, -0) ? '-0' : value}`, (n) => floatTensor(n, [], [value]));
  }

  /** Transpose, skipped when `perm` is the identity. */
  transpose(x: string, perm: readonly number[]): string {
    return perm.every((p, i) => p === i) ? x : this.op('Transpose', [x], [attr.ints('perm', perm)]);
  }

  reshape(x: string, shape: readonly number[]): string {
    return this.op('Reshape', [x, this.int64s(shape)]);
  }
}
