import {
  GraphError,
  UnsupportedError,
  planRun,
  Rng,
  ShapeError,
  validateFeeds,
  type Feeds,
  type Graph,
  type Node,
  type PlanOptions,
  type RunPlan,
  type Tensor,
} from '@a3/core';
import {
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  maxPool2d,
  maxPoolGrad,
  upSampling2d,
} from './conv';
import { BINARY, binary, broadcastTo, cast, UNARY, unary, where } from './elementwise';
import { f64, toF64, type F64Tensor, type RefValue } from './f64';
import { concat, gather, matMul, pad, reduce, reshape, slice, transpose } from './layout';

export interface ReferenceOptions {
  /** Starting variable values (default: the graph's initial values). */
  variables?: Record<string, RefValue>;
  /** Index of the next run; random ops draw the stream of run k from (seed, k). */
  runIndex?: number;
}

export interface ReferenceRunOptions extends PlanOptions {}

/**
 * The float64 oracle: evaluates any graph over the primitive set with plain loops, keeping
 * variables between runs like a backend does. Random ops are seeded per (node seed, run
 * index): fresh values each run, the same sequence for a fresh interpreter, but not the
 * values any real backend draws.
 */
export class ReferenceInterpreter {
  /** How many runs happened; the next run uses this index for its random streams. */
  runIndex: number;
  private readonly vars = new Map<string, F64Tensor>();

  constructor(
    readonly graph: Graph,
    options: ReferenceOptions = {},
  ) {
    this.runIndex = options.runIndex ?? 0;
    for (const [name, info] of graph.variables) this.vars.set(name, toF64(info.initialValue));
    if (options.variables) this.writeVariables(options.variables);
  }

  /** One step: computes the outputs, then applies the selected updates from pre-run values. */
  run(feeds: Record<string, RefValue>, options: ReferenceRunOptions = {}): Record<string, F64Tensor> {
    const plan = planRun(this.graph, options);
    const values = this.evaluate(plan, feeds);
    const out: Record<string, F64Tensor> = {};
    for (const name of plan.outputs) out[name] = values.get(this.graph.outputs.get(name)!.id)!;
    for (const u of plan.updates) this.vars.set(u.variable, values.get(u.value.id)!);
    this.runIndex++;
    return out;
  }

  /** Values of arbitrary tensors of the graph (no updates; still advances the run index). */
  evaluateTensors(feeds: Record<string, RefValue>, tensors: readonly Tensor[]): F64Tensor[] {
    const needed = new Set<number>();
    const stack = tensors.map((t) => t.id);
    while (stack.length) {
      const id = stack.pop()!;
      if (needed.has(id)) continue;
      needed.add(id);
      stack.push(...this.graph.nodes[id].inputs);
    }
    const nodes = this.graph.nodes.filter((n) => needed.has(n.id));
    const plan: RunPlan = {
      outputs: [],
      updates: [],
      nodes,
      inputs: nodes.flatMap((n) => (n.op === 'Input' ? [n.attrs.name] : [])),
      variables: nodes.flatMap((n) => (n.op === 'Variable' ? [n.attrs.name] : [])),
    };
    const values = this.evaluate(plan, feeds);
    this.runIndex++;
    return tensors.map((t) => values.get(t.id)!);
  }

  readVariables(names?: readonly string[]): Record<string, F64Tensor> {
    const out: Record<string, F64Tensor> = {};
    for (const name of names ?? [...this.vars.keys()]) out[name] = this.variable(name);
    return out;
  }

  writeVariables(values: Record<string, RefValue>): void {
    for (const [name, value] of Object.entries(values)) {
      const info = this.graph.variables.get(name);
      if (!info) throw new GraphError(`Graph "${this.graph.name}" has no variable "${name}".`);
      if (value.shape.join(',') !== info.tensor.shape.join(',') || value.dtype !== info.tensor.dtype) {
        throw new ShapeError(
          `Variable "${name}" is [${info.tensor.shape.join(', ')}] ${info.tensor.dtype}; got [${value.shape.join(', ')}] ${value.dtype}.`,
        );
      }
      this.vars.set(name, toF64(value));
    }
  }

  private variable(name: string): F64Tensor {
    const v = this.vars.get(name);
    if (!v) throw new GraphError(`Graph "${this.graph.name}" has no variable "${name}".`);
    return v;
  }

  private evaluate(plan: RunPlan, feeds: Record<string, RefValue>): Map<number, F64Tensor> {
    // validateFeeds reads only names, shapes and dtypes, which float64 feeds have too.
    validateFeeds(this.graph, plan, feeds as Feeds);
    const values = new Map<number, F64Tensor>();
    for (const node of plan.nodes) {
      const xs = node.inputs.map((i) => values.get(i)!);
      values.set(node.id, this.evalNode(node, xs, feeds));
    }
    return values;
  }

  /** One primitive's kernel; protected so tests can plant a deliberate bug and see the suite catch it. */
  protected evalNode(node: Node, x: F64Tensor[], feeds: Record<string, RefValue>): F64Tensor {
    switch (node.op) {
      case 'Input':
        return toF64(feeds[node.attrs.name]);
      case 'Variable':
        return this.variable(node.attrs.name);
      case 'Const':
        return toF64(node.attrs.value);
      case 'FillLike':
        return f64(x[0].shape, 'float32', new Float64Array(x[0].data.length).fill(node.attrs.value));
      case 'BroadcastLike':
        return broadcastTo(x[0], x[1].shape);
      case 'MatMul':
        return matMul(x[0], x[1], node.attrs.transposeA, node.attrs.transposeB);
      case 'Add':
      case 'Sub':
      case 'Mul':
      case 'Div':
      case 'Pow':
      case 'Maximum':
      case 'Minimum':
        return binary(x[0], x[1], BINARY[node.op], 'float32', node.op);
      case 'Greater':
      case 'Less':
      case 'Equal':
        return binary(x[0], x[1], BINARY[node.op], 'bool', node.op);
      case 'Neg':
      case 'Abs':
      case 'Exp':
      case 'Log':
      case 'Sqrt':
      case 'Square':
      case 'Relu':
      case 'Sigmoid':
      case 'Tanh':
        return unary(x[0], UNARY[node.op]);
      case 'LeakyRelu': {
        const alpha = node.attrs.alpha;
        return unary(x[0], (v) => (v > 0 ? v : alpha * v));
      }
      case 'Where':
        return where(x[0], x[1], x[2]);
      case 'Cast':
        return cast(x[0], node.attrs.to);
      case 'ReduceSum':
        return reduce(x[0], node.attrs.axes, node.attrs.keepDims, 'sum');
      case 'ReduceMean':
        return reduce(x[0], node.attrs.axes, node.attrs.keepDims, 'mean');
      case 'ReduceMax':
        return reduce(x[0], node.attrs.axes, node.attrs.keepDims, 'max');
      case 'Reshape':
        return reshape(x[0], node.attrs.shape);
      case 'Transpose':
        return transpose(x[0], node.attrs.perm);
      case 'Concat':
        return concat(x, node.attrs.axis);
      case 'Slice':
        return slice(x[0], node.attrs.begin, node.attrs.size);
      case 'Pad':
        return pad(x[0], node.attrs.pads);
      case 'Gather':
        return gather(x[0], x[1]);
      case 'Conv2D':
        return conv2d(x[0], x[1], node.attrs.strides, node.attrs.padding);
      case 'Conv2DBackpropInput':
        return conv2dBackpropInput(x[0], x[1], node.attrs.inputShape, node.attrs.strides, node.attrs.padding);
      case 'Conv2DBackpropFilter':
        return conv2dBackpropFilter(
          x[0],
          x[1],
          node.attrs.filterShape,
          node.attrs.strides,
          node.attrs.padding,
        );
      case 'MaxPool2D':
        return maxPool2d(x[0], node.attrs.poolSize, node.attrs.strides, node.attrs.padding);
      case 'MaxPoolGrad':
        return maxPoolGrad(x[0], x[2], node.attrs.poolSize, node.attrs.strides, node.attrs.padding);
      case 'UpSampling2D':
        return upSampling2d(x[0], node.attrs.scale);
      case 'RandomNormal':
      case 'RandomUniform': {
        const shape = node.attrs.shape ?? x[0].shape;
        const out = f64(shape, 'float32');
        const rng = new Rng(streamSeed(node.attrs.seed, this.runIndex));
        for (let i = 0; i < out.data.length; i++) {
          out.data[i] =
            node.op === 'RandomNormal'
              ? rng.normal(node.attrs.mean, node.attrs.std)
              : rng.uniform(node.attrs.min, node.attrs.max);
        }
        return out;
      }
      default: {
        const unhandled: never = node;
        throw new UnsupportedError(`The reference has no kernel for ${(unhandled as Node).op}.`);
      }
    }
  }
}

/** One independent stream per (op seed, run index). */
function streamSeed(seed: number, runIndex: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(runIndex + 1, 0x85ebca6b)) >>> 0;
}

/** Outputs of one stateless reference run (updates are not kept; use ReferenceInterpreter for steps). */
export function referenceRun(
  graph: Graph,
  feeds: Record<string, RefValue>,
  options: ReferenceOptions & ReferenceRunOptions = {},
): Record<string, F64Tensor> {
  const { variables, runIndex, ...plan } = options;
  return new ReferenceInterpreter(graph, { variables, runIndex }).run(feeds, plan);
}
