import { GraphError, InvalidArgumentError, ShapeError } from '../errors/errors';
import { formatShape, type DType, TensorData } from '../tensor/tensor-data';
import { BATCH, type Node, type NodeOf, type OpAttrs, type OpName } from './ir';
import { inferShape } from './shape-inference';

/** A symbolic tensor: the output of one node of one graph. */
export class Tensor {
  constructor(
    readonly graph: Graph,
    readonly id: number,
    readonly shape: readonly number[],
    readonly dtype: DType,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  get node(): Node {
    return this.graph.nodes[this.id];
  }

  toString(): string {
    return `Tensor#${this.id}<${this.node.op}> ${formatShape(this.shape)} ${this.dtype}`;
  }
}

export interface VariableInfo {
  readonly name: string;
  readonly tensor: Tensor;
  readonly initialValue: TensorData;
  readonly trainable: boolean;
}

export interface Update {
  readonly variable: string;
  readonly value: Tensor;
  readonly group: string;
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_./:-]*$/;

/**
 * A dataflow graph over the closed primitive set. Nodes are appended in construction
 * order, so `nodes` is always topologically sorted. Inputs are fed each run; variables
 * are state that lives on the backend between runs; `assign` schedules a state update
 * applied after a run has computed all its outputs.
 */
export class Graph {
  readonly nodes: Node[] = [];
  readonly inputs = new Map<string, Tensor>();
  readonly variables = new Map<string, VariableInfo>();
  readonly outputs = new Map<string, Tensor>();
  readonly updates: Update[] = [];
  private readonly tensors: Tensor[] = [];
  private seedCounter = 0;

  constructor(readonly name = 'graph') {}

  /** A fed input; use -1 for the one symbolic batch dimension. */
  input(name: string, shape: readonly number[], dtype: DType = 'float32'): Tensor {
    this.checkName(name, 'input');
    if (this.inputs.has(name))
      throw new GraphError(`Input "${name}" is already defined in graph "${this.name}".`);
    for (const d of shape) {
      if (d !== BATCH && (!Number.isInteger(d) || d < 0)) {
        throw new ShapeError(
          `Input "${name}": dimension ${d} is invalid; use positive integers or -1 for the batch.`,
        );
      }
    }
    const t = this.addNode('Input', [], { name }, { shape: [...shape], dtype });
    this.inputs.set(name, t);
    return t;
  }

  /** Backend-resident state initialised to `initialValue`. */
  variable(name: string, initialValue: TensorData, options: { trainable?: boolean } = {}): Tensor {
    this.checkName(name, 'variable');
    if (this.variables.has(name))
      throw new GraphError(`Variable "${name}" is already defined in graph "${this.name}".`);
    const t = this.addNode(
      'Variable',
      [],
      { name },
      { shape: [...initialValue.shape], dtype: initialValue.dtype },
    );
    this.variables.set(name, { name, tensor: t, initialValue, trainable: options.trainable ?? true });
    return t;
  }

  constant(value: TensorData | number): Tensor {
    const v = typeof value === 'number' ? TensorData.scalar(value) : value;
    return this.addNode('Const', [], { value: v });
  }

  output(name: string, t: Tensor): Tensor {
    this.checkName(name, 'output');
    this.own(t);
    if (this.outputs.has(name))
      throw new GraphError(`Output "${name}" is already defined in graph "${this.name}".`);
    this.outputs.set(name, t);
    return t;
  }

  /** After a run, `variable` takes the value of `value` (all updates read pre-run state). */
  assign(variable: Tensor, value: Tensor, group = 'default'): void {
    this.own(variable);
    this.own(value);
    const node = variable.node;
    if (node.op !== 'Variable') throw new GraphError(`assign() target ${variable} is not a variable.`);
    if (variable.shape.join(',') !== value.shape.join(',') || variable.dtype !== value.dtype) {
      throw new ShapeError(
        `assign(${node.attrs.name}): value ${formatShape(value.shape)} ${value.dtype} does not match ` +
          `the variable's ${formatShape(variable.shape)} ${variable.dtype}.`,
      );
    }
    if (this.updates.some((u) => u.variable === node.attrs.name)) {
      throw new GraphError(`Variable "${node.attrs.name}" already has an update; assign it once per graph.`);
    }
    this.updates.push({ variable: node.attrs.name, value, group });
  }

  /** A fresh seed for a random op when the caller gave none, deterministic per graph. */
  nextSeed(): number {
    this.seedCounter += 1;
    return (this.seedCounter * 2654435761) >>> 0 || 1;
  }

  tensor(id: number): Tensor {
    const t = this.tensors[id];
    if (!t) throw new GraphError(`Graph "${this.name}" has no tensor #${id}.`);
    return t;
  }

  /** Appends a primitive node; shape and dtype are inferred unless given (inputs, variables). */
  addNode<K extends OpName>(
    op: K,
    inputs: readonly Tensor[],
    attrs: OpAttrs[K],
    declared?: { shape: number[]; dtype: DType },
  ): Tensor {
    for (const i of inputs) this.own(i);
    const inferred = declared ?? inferShape(op, inputs, attrs);
    const id = this.nodes.length;
    const node: NodeOf<K> = {
      id,
      op,
      inputs: inputs.map((i) => i.id),
      attrs,
      shape: inferred.shape,
      dtype: inferred.dtype,
    };
    this.nodes.push(node as unknown as Node);
    const t = new Tensor(this, id, inferred.shape, inferred.dtype);
    this.tensors.push(t);
    return t;
  }

  private own(t: Tensor): void {
    if (!(t instanceof Tensor) || t.graph !== this) {
      throw new GraphError(`Tensor ${String(t)} belongs to another graph than "${this.name}".`);
    }
  }

  private checkName(name: string, what: string): void {
    if (!NAME_RE.test(name)) {
      throw new InvalidArgumentError(
        `Invalid ${what} name "${name}": use letters, digits and _ . / : - (starting with a letter or _).`,
      );
    }
  }
}

/** What one run needs: nodes to evaluate in order, inputs to feed, updates to apply. */
export interface RunPlan {
  readonly outputs: readonly string[];
  readonly updates: readonly Update[];
  readonly nodes: readonly Node[];
  readonly inputs: readonly string[];
  readonly variables: readonly string[];
}

export interface PlanOptions {
  /** Output names to compute; default all. */
  outputs?: readonly string[];
  /** true (default) applies all updates, false none, or only the listed groups. */
  updates?: boolean | readonly string[];
}

export function planRun(graph: Graph, options: PlanOptions = {}): RunPlan {
  const outputs = options.outputs ? [...options.outputs] : [...graph.outputs.keys()];
  for (const o of outputs) {
    if (!graph.outputs.has(o)) {
      throw new GraphError(
        `Graph "${graph.name}" has no output "${o}". Outputs: ${[...graph.outputs.keys()].join(', ')}.`,
      );
    }
  }
  const u = options.updates ?? true;
  const updates = graph.updates.filter((up) =>
    u === true ? true : u === false ? false : u.includes(up.group),
  );
  const needed = new Uint8Array(graph.nodes.length);
  const stack = [...outputs.map((o) => graph.outputs.get(o)!.id), ...updates.map((up) => up.value.id)];
  while (stack.length) {
    const id = stack.pop()!;
    if (needed[id]) continue;
    needed[id] = 1;
    for (const i of graph.nodes[id].inputs) stack.push(i);
  }
  const nodes = graph.nodes.filter((n) => needed[n.id]);
  const inputs = nodes.flatMap((n) => (n.op === 'Input' ? [n.attrs.name] : []));
  const variables = nodes.flatMap((n) => (n.op === 'Variable' ? [n.attrs.name] : []));
  return { outputs, updates, nodes, inputs, variables };
}
