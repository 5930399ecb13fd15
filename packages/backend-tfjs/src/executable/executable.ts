import {
  DisposedError,
  DTypeError,
  formatShape,
  GraphError,
  InvalidArgumentError,
  planRun,
  runStepsSequentially,
  ShapeError,
  validateFeeds,
  type BackendMemory,
  type Executable,
  type Feeds,
  type Graph,
  type Outputs,
  type RunOptions,
  type TensorData,
} from '@a3/core';
import type { KernelBinding } from '../backend/kernel';
import type { KernelContext } from '../lowering/types';
import type { TfTensor, TfVariable } from '../tf-module';
import { Program, programKey, type ProgramState } from './program';
import { readTensor, writeTensor } from './tensor-io';

/**
 * A graph compiled for one tfjs kernel backend. Variables are `tf.Variable`s made from the
 * graph's initial values; constants are uploaded once. Each run evaluates a cached
 * {@link Program} inside `tf.tidy`, reads the outputs back, then assigns the updates, so
 * nothing but state survives a run and memory stays flat.
 */
export class TfjsExecutable implements Executable, ProgramState {
  readonly context: KernelContext;
  private readonly variables = new Map<string, TfVariable>();
  private readonly constants = new Map<number, TfTensor>();
  private readonly programs = new Map<string, Program>();
  private readonly draws: Int32Array;
  private readonly compiledNodes: number;
  private disposed = false;

  /** Use {@link TfjsExecutable.create}: construction needs the kernel backend active. */
  private constructor(
    readonly graph: Graph,
    private readonly binding: KernelBinding,
  ) {
    this.compiledNodes = graph.nodes.length;
    this.draws = new Int32Array(this.compiledNodes);
    this.context = { nextDraw: (id) => this.draws[id]++ };
  }

  static async create(graph: Graph, binding: KernelBinding): Promise<TfjsExecutable> {
    const exec = new TfjsExecutable(graph, binding);
    const { tf } = binding;
    await binding.withActive(() => {
      try {
        for (const [name, info] of graph.variables) {
          const init = writeTensor(binding, info.initialValue);
          // Unnamed: tfjs variable names are global to the engine, graph names are not.
          exec.variables.set(name, tf.variable(init, false));
          init.dispose();
        }
        for (const node of graph.nodes) {
          if (node.op === 'Const') exec.constants.set(node.id, writeTensor(binding, node.attrs.value));
        }
      } catch (err) {
        exec.dispose();
        throw err;
      }
    });
    return exec;
  }

  variable(name: string): TfVariable {
    const v = this.variables.get(name);
    if (!v)
      throw new GraphError(
        `Variable "${name}" was added to graph "${this.graph.name}" after it was compiled; compile it again.`,
      );
    return v;
  }

  constant(nodeId: number): TfTensor {
    return this.constants.get(nodeId)!;
  }

  async run(feeds: Feeds, options: RunOptions = {}): Promise<Outputs> {
    const program = this.program(options);
    validateFeeds(this.graph, program.plan, feeds);
    // Synchronous from evaluation to the last assign: no other run can switch the kernel
    // backend or observe half-applied updates.
    return this.binding.withActive(() => {
      this.checkAlive();
      const result = this.binding.tf.tidy(() => program.evaluate(feeds));
      const live = new Set<TfTensor>([...result.outputs, ...result.updates]);
      try {
        const out: Outputs = {};
        program.outputs.forEach((o, i) => {
          out[o.name] = readTensor(this.binding, result.outputs[i], o.dtype);
        });
        // Every update value was computed from pre-run state above; now they all take effect.
        program.updates.forEach((u, i) => u.variable.assign(result.updates[i]));
        return out;
      } finally {
        for (const t of live) t.dispose();
      }
    });
  }

  runSteps(feeds: readonly Feeds[], options?: RunOptions): Promise<Outputs[]> {
    return runStepsSequentially(this, feeds, options);
  }

  async readVariables(names?: readonly string[]): Promise<Record<string, TensorData>> {
    this.checkAlive();
    const out: Record<string, TensorData> = {};
    for (const name of names ?? [...this.variables.keys()]) {
      const v = this.variables.get(name);
      if (!v) throw this.unknownVariable(name);
      out[name] = readTensor(this.binding, v, this.graph.variables.get(name)!.initialValue.dtype);
    }
    return out;
  }

  async writeVariables(values: Record<string, TensorData>): Promise<void> {
    this.checkAlive();
    // Check everything first so a bad entry leaves all variables untouched.
    for (const [name, d] of Object.entries(values)) {
      const info = this.graph.variables.get(name);
      if (!info) throw this.unknownVariable(name);
      const want = info.initialValue;
      if (d.dtype !== want.dtype) {
        throw new DTypeError(`writeVariables: "${name}" is ${want.dtype} but the value is ${d.dtype}.`);
      }
      if (d.shape.join(',') !== want.shape.join(',')) {
        throw new ShapeError(
          `writeVariables: "${name}" has shape ${formatShape(want.shape)} but the value has ${formatShape(d.shape)}.`,
        );
      }
    }
    await this.binding.withActive(() => {
      this.checkAlive();
      for (const [name, d] of Object.entries(values)) {
        const t = writeTensor(this.binding, d);
        this.variables.get(name)!.assign(t);
        t.dispose();
      }
    });
  }

  memory(): BackendMemory {
    const m = this.binding.tf.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.variables.values()) v.dispose();
    for (const c of this.constants.values()) c.dispose();
    this.variables.clear();
    this.constants.clear();
    this.programs.clear();
  }

  private program(options: RunOptions): Program {
    this.checkAlive();
    const key = programKey(this.graph, options.outputs, options.updates);
    let p = this.programs.get(key);
    if (!p) {
      const plan = planRun(this.graph, options);
      p = new Program(this.binding.tf, plan, this.graph, this, this.binding.lowering, this.compiledNodes);
      this.programs.set(key, p);
    }
    return p;
  }

  private checkAlive(): void {
    if (this.disposed)
      throw new DisposedError(`Executable of graph "${this.graph.name}" (${this.binding.a3Name})`);
  }

  private unknownVariable(name: string): InvalidArgumentError {
    return new InvalidArgumentError(
      `Graph "${this.graph.name}" has no variable "${name}". Variables: ${[...this.variables.keys()].join(', ') || 'none'}.`,
    );
  }
}
