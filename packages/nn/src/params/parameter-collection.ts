import {
  formatShape,
  InvalidArgumentError,
  ShapeError,
  type Executable,
  type Graph,
  type Tensor,
  type TensorData,
} from '@a3/core';

export interface VariableOptions {
  /** Whether optimisers may update it (default true). Frozen networks use false. */
  trainable?: boolean;
}

/**
 * A model's weights, host-side, by name (e.g. "target/dense_1/kernel").
 *
 * Weights are not tied to one graph or backend: every graph that applies the model
 * creates its variables from these values (`variable`), and after training the values
 * are read back from the executable (`readFrom`). So a training graph, a scoring graph
 * and a graph on another backend all share the same weights by name.
 */
export class ParameterCollection {
  private readonly values = new Map<string, TensorData>();

  constructor(entries?: Record<string, TensorData> | Iterable<readonly [string, TensorData]>) {
    if (!entries) return;
    const list =
      Symbol.iterator in Object(entries)
        ? (entries as Iterable<readonly [string, TensorData]>)
        : Object.entries(entries);
    for (const [name, value] of list) this.set(name, value);
  }

  get size(): number {
    return this.values.size;
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  get(name: string): TensorData {
    const v = this.values.get(name);
    if (!v) {
      throw new InvalidArgumentError(
        `No parameter "${name}". Known: ${this.names().join(', ') || 'none'}. Apply or build the model first.`,
      );
    }
    return v;
  }

  /** Replaces a value; the shape may change only through `set` (graphs check it). */
  set(name: string, value: TensorData): void {
    this.values.set(name, value);
  }

  delete(name: string): boolean {
    return this.values.delete(name);
  }

  names(prefix?: string): string[] {
    const all = [...this.values.keys()];
    return prefix === undefined ? all : all.filter((n) => n.startsWith(prefix));
  }

  entries(): [string, TensorData][] {
    return [...this.values.entries()];
  }

  toRecord(): Record<string, TensorData> {
    return Object.fromEntries(this.values);
  }

  /** Total number of scalar weights (optionally only under a name prefix). */
  countParams(prefix?: string): number {
    return this.names(prefix).reduce((n, k) => n + this.values.get(k)!.size, 0);
  }

  /** A deep copy (values are cloned, so training one does not touch the other). */
  clone(): ParameterCollection {
    return new ParameterCollection(this.entries().map(([k, v]) => [k, v.clone()] as const));
  }

  /** Copies every entry of `other` into this collection (cloned). */
  assignFrom(other: ParameterCollection): void {
    for (const [k, v] of other.entries()) this.values.set(k, v.clone());
  }

  /**
   * The graph variable `name`: looked up when the graph already has it (a model applied
   * twice in one graph shares its weights), else created with this collection's value,
   * which `init` supplies (and this collection keeps) the first time the name is seen.
   */
  variable(
    graph: Graph,
    name: string,
    shape: readonly number[],
    init: () => TensorData,
    options: VariableOptions = {},
  ): Tensor {
    const existing = graph.variables.get(name);
    if (existing) {
      checkShape(name, existing.tensor.shape, shape, 'the graph');
      return existing.tensor;
    }
    let value = this.values.get(name);
    if (value) checkShape(name, value.shape, shape, 'the parameter collection');
    else {
      value = init();
      checkShape(name, value.shape, shape, 'its initialiser');
      this.values.set(name, value);
    }
    return graph.variable(name, value, { trainable: options.trainable ?? true });
  }

  /**
   * Copies the current values of this collection's parameters out of a compiled graph
   * (after training). Only names both sides know are read; returns those names.
   */
  async readFrom(exec: Executable, names?: readonly string[]): Promise<string[]> {
    const wanted = (names ?? this.names()).filter((n) => exec.graph.variables.has(n));
    if (wanted.length === 0) return [];
    const read = await exec.readVariables(wanted);
    for (const n of wanted) {
      const v = read[n];
      if (!v) throw new InvalidArgumentError(`Executable returned no value for variable "${n}".`);
      this.values.set(n, v);
    }
    return wanted;
  }

  /** Writes this collection's values into a compiled graph's variables of the same names. */
  async writeTo(exec: Executable, names?: readonly string[]): Promise<string[]> {
    const wanted = (names ?? this.names()).filter((n) => exec.graph.variables.has(n));
    if (wanted.length === 0) return [];
    await exec.writeVariables(Object.fromEntries(wanted.map((n) => [n, this.get(n)])));
    return wanted;
  }
}

function checkShape(name: string, have: readonly number[], want: readonly number[], where: string): void {
  if (have.join(',') !== want.join(',')) {
    throw new ShapeError(
      `Parameter "${name}" is ${formatShape(have)} in ${where} but the layer needs ${formatShape(want)} for this input. ` +
        'Feed inputs of the shape the model was built with, or use a fresh ParameterCollection.',
    );
  }
}
