import type { Graph, PlanOptions } from '../graph/graph';
import type { TensorData } from '../tensor/tensor-data';

export interface BackendCapabilities {
  /** Can run gradient graphs and variable updates (training). */
  training: boolean;
  /** Supports the Conv2D / pooling / up-sampling primitives. */
  conv: boolean;
  /** Runs on a GPU. */
  gpu: boolean;
  /** Runs several steps in one call natively (runSteps without per-step host round trips). */
  fusedSteps: boolean;
  /** Can write a standalone ONNX model of a graph. */
  onnxExport: boolean;
}

export interface BackendMemory {
  /** Tensors the backend currently holds (for tfjs: tf.memory().numTensors). */
  numTensors: number;
  /** Bytes held by those tensors. */
  numBytes: number;
}

export type Feeds = Record<string, TensorData>;
export type Outputs = Record<string, TensorData>;

export interface RunOptions extends PlanOptions {}

export interface CompileOptions {
  /** Threads for intra-op parallelism where the backend has such a knob. */
  threads?: number;
  /** Backend-specific options (e.g. `stepsPerRun` for onnx). */
  [option: string]: unknown;
}

/**
 * A compiled graph. Variables live on the backend between runs, initialised from the
 * graph's initial values; `run` feeds inputs, returns the requested outputs and then
 * applies the requested variable updates.
 */
export interface Executable {
  readonly graph: Graph;
  run(feeds: Feeds, options?: RunOptions): Promise<Outputs>;
  /**
   * Runs one step per feed set, in order, returning each step's outputs. Backends with
   * `fusedSteps` keep state on the device across the steps.
   */
  runSteps(feeds: readonly Feeds[], options?: RunOptions): Promise<Outputs[]>;
  readVariables(names?: readonly string[]): Promise<Record<string, TensorData>>;
  writeVariables(values: Record<string, TensorData>): Promise<void>;
  memory(): BackendMemory;
  dispose(): void;
}

export interface Backend {
  readonly name: string;
  readonly capabilities: BackendCapabilities;
  compile(graph: Graph, options?: CompileOptions): Promise<Executable>;
  /** Memory held by everything this backend runs (all executables). */
  memory(): BackendMemory;
  /** Human description: library versions, kernels, threads. */
  describe(): Record<string, string | number | boolean>;
}
