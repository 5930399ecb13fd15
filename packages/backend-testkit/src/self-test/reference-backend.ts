import {
  DisposedError,
  planRun,
  runStepsSequentially,
  validateFeeds,
  type Backend,
  type BackendMemory,
  type Executable,
  type Feeds,
  type Graph,
  type Outputs,
  type RunOptions,
  type TensorData,
} from '@a3/core';
import { toTensorData } from '../reference/f64';
import { ReferenceInterpreter } from '../reference/interpreter';

/**
 * TEST-ONLY adapter: the reference interpreter behind the Backend contract, so the testkit's
 * own tests can run the whole conformance suite and prove its plumbing. Not exported and
 * never registered: it is an oracle, not a backend for users.
 */
export class ReferenceBackend implements Backend {
  readonly name = 'reference-f64';
  readonly capabilities = { training: true, conv: true, gpu: false, fusedSteps: false, onnxExport: false };
  readonly live = new Set<ReferenceExecutable>();

  /** `makeExecutable` lets the testkit's mutation tests plant bugs in an otherwise exact backend. */
  constructor(
    private readonly makeExecutable: (graph: Graph, owner: ReferenceBackend) => ReferenceExecutable = (
      g,
      o,
    ) => new ReferenceExecutable(g, o),
  ) {}

  async compile(graph: Graph): Promise<Executable> {
    const exec = this.makeExecutable(graph, this);
    this.live.add(exec);
    return exec;
  }

  memory(): BackendMemory {
    let numTensors = 0;
    let numBytes = 0;
    for (const e of this.live) {
      const m = e.memory();
      numTensors += m.numTensors;
      numBytes += m.numBytes;
    }
    return { numTensors, numBytes };
  }

  describe(): Record<string, string> {
    return { kind: 'float64 reference interpreter (test-only adapter)' };
  }
}

export class ReferenceExecutable implements Executable {
  protected disposed = false;

  constructor(
    readonly graph: Graph,
    private readonly owner: ReferenceBackend,
    protected readonly interp: ReferenceInterpreter = new ReferenceInterpreter(graph),
  ) {}

  async run(feeds: Feeds, options: RunOptions = {}): Promise<Outputs> {
    this.alive();
    validateFeeds(this.graph, planRun(this.graph, options), feeds);
    const out = this.interp.run(feeds, options);
    const result: Outputs = {};
    for (const [k, v] of Object.entries(out)) result[k] = toTensorData(v);
    return result;
  }

  async runSteps(feeds: readonly Feeds[], options?: RunOptions): Promise<Outputs[]> {
    this.alive();
    return runStepsSequentially(this, feeds, options);
  }

  async readVariables(names?: readonly string[]): Promise<Record<string, TensorData>> {
    this.alive();
    const out: Record<string, TensorData> = {};
    for (const [k, v] of Object.entries(this.interp.readVariables(names))) out[k] = toTensorData(v);
    return out;
  }

  async writeVariables(values: Record<string, TensorData>): Promise<void> {
    this.alive();
    this.interp.writeVariables(values);
  }

  memory(): BackendMemory {
    if (this.disposed) return { numTensors: 0, numBytes: 0 };
    const vars = Object.values(this.interp.readVariables());
    return { numTensors: vars.length, numBytes: vars.reduce((n, v) => n + v.data.byteLength, 0) };
  }

  dispose(): void {
    this.disposed = true;
    this.owner.live.delete(this);
  }

  protected alive(): void {
    if (this.disposed) throw new DisposedError(`Executable of graph "${this.graph.name}"`);
  }
}
