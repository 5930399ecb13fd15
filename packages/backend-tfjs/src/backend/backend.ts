import {
  isPrimitive,
  UnsupportedError,
  type Backend,
  type BackendCapabilities,
  type BackendMemory,
  type CompileOptions,
  type Executable,
  type Graph,
} from '@a3/core';
import { TfjsExecutable } from '../executable/executable';
import type { LoweringOptions } from '../lowering/types';
import type { TfModule } from '../tf-module';
import { KernelBinding } from './kernel';

/** What every tfjs kernel backend can do; tfjs-node-gpu overrides `gpu`. */
export const TFJS_CAPABILITIES: Readonly<BackendCapabilities> = Object.freeze({
  training: true,
  conv: true,
  gpu: false,
  fusedSteps: false,
  onnxExport: false,
});

export interface TfjsBackendOptions {
  /** The a3 backend name, e.g. 'tfjs-cpu'. */
  name: string;
  /** The tfjs kernel backend to run on: 'cpu', 'wasm', 'tensorflow' (tfjs-node, tfjs-node-gpu). */
  kernel: string;
  /** Overrides of {@link TFJS_CAPABILITIES}. */
  capabilities?: Partial<BackendCapabilities>;
  /** Kernel workarounds; all off by default (right for cpu and TensorFlow). */
  lowering?: Partial<LoweringOptions>;
  /**
   * Whether `dataSync()` returns a fresh array and `tf.tensor(array)` copies its input on this
   * kernel backend (true for wasm). When false (the safe default) a3 copies at the boundary.
   */
  copiesAtBoundary?: boolean;
  /** Extra entries for `describe()` (library versions, threads, SIMD, ...). */
  describe?: () => Record<string, string | number | boolean>;
}

/** The a3 Backend a tfjs-based backend returns: a compiler plus its kernel binding. */
export interface TfjsBackend extends Backend {
  /** The tfjs kernel backend this a3 backend activates before it computes. */
  readonly kernel: string;
}

/**
 * Builds an a3 backend that compiles graphs to tfjs ops on the kernel backend `options.kernel`
 * of the given tfjs module. The same compiler serves tfjs-core with cpu or wasm kernels and
 * tfjs-node(-gpu): pass the module whose engine should run the graphs.
 *
 * tfjs keeps one active kernel backend per engine; executables activate theirs before each
 * run, so backends of different kernels work in one process at the cost of a switch.
 */
export function createTfjsBackend(tf: TfModule, options: TfjsBackendOptions): TfjsBackend {
  const lowering: LoweringOptions = {
    transposeMatMulOperands: false,
    conv2dBackpropFilterViaConv2d: false,
    conv2dBackpropInputViaConv2d: false,
    maxPoolGradFirstMax: false,
    ...options.lowering,
  };
  const copies = options.copiesAtBoundary ?? false;
  const binding = new KernelBinding(options.name, tf, options.kernel, lowering, copies, copies);
  const capabilities: BackendCapabilities = Object.freeze({ ...TFJS_CAPABILITIES, ...options.capabilities });
  return {
    name: options.name,
    kernel: options.kernel,
    capabilities,
    async compile(graph: Graph, _compileOptions?: CompileOptions): Promise<Executable> {
      // lowerNode's switch covers every primitive (it ends in never): only a non-primitive is refused.
      const missing = [...new Set(graph.nodes.filter((n) => !isPrimitive(n.op)).map((n) => n.op))];
      if (missing.length) {
        throw new UnsupportedError(
          `Backend "${options.name}" cannot compile graph "${graph.name}": no lowering for ${missing.join(', ')}.`,
        );
      }
      return TfjsExecutable.create(graph, binding);
    },
    memory(): BackendMemory {
      const m = tf.memory();
      return { numTensors: m.numTensors, numBytes: m.numBytes };
    },
    describe() {
      return {
        backend: options.name,
        tfjs: tf.version_core,
        kernel: options.kernel,
        activeKernel: tf.getBackend(),
        ...options.describe?.(),
      };
    },
  };
}
