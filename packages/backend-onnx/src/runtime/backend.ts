import type { Backend, BackendCapabilities, BackendMemory, Graph } from '@a3/core';
import { IR_VERSION, OPSET } from '../lower/lower';
import { OnnxExecutable } from './executable';
import { loadOrt, type Ort } from './ort';
import { resolveOptions, type OnnxCompileOptions } from './options';

export const ONNX_CAPABILITIES: BackendCapabilities = {
  training: true,
  conv: true,
  gpu: false,
  fusedSteps: true,
  onnxExport: true,
};

/** The `onnx` backend: compiles a3 graphs to ONNX models run by onnxruntime-node. */
export class OnnxBackend implements Backend {
  readonly name = 'onnx';
  readonly capabilities = ONNX_CAPABILITIES;
  private readonly live = new Set<OnnxExecutable>();

  constructor(
    private readonly ort: Ort,
    private readonly defaults: OnnxCompileOptions = {},
  ) {}

  async compile(graph: Graph, options?: OnnxCompileOptions): Promise<OnnxExecutable> {
    const exec: OnnxExecutable = new OnnxExecutable(
      graph,
      this.ort,
      resolveOptions(this.defaults, options),
      () => this.live.delete(exec),
    );
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

  describe(): Record<string, string | number | boolean> {
    const o = resolveOptions(this.defaults);
    const providers = (o.session.executionProviders ?? ['cpu']).map((p) =>
      typeof p === 'string' ? p : p.name,
    );
    return {
      backend: this.name,
      onnxruntime: this.ort.env.versions.node ?? this.ort.env.versions.common,
      threads: o.threads,
      executionProviders: providers.join(','),
      // EPs this onnxruntime-node build knows; "cuda" needs its libraries installed (see README).
      supportedProviders: this.ort.listSupportedBackends
        ? this.ort
            .listSupportedBackends()
            .map((b) => (b.bundled ? b.name : `${b.name} (not bundled)`))
            .join(', ')
        : 'cpu',
      allowSpinning: o.session.extra?.['session.intra_op.allow_spinning'] === '1',
      graphOptimizationLevel: o.session.graphOptimizationLevel ?? 'all',
      stepsPerRun: o.stepsPerRun,
      ...(o.quantize ? { quantize: o.quantize } : {}),
      opset: OPSET,
      irVersion: IR_VERSION,
    };
  }
}

/** Loads onnxruntime-node and returns a backend; `defaults` apply to every compile(). */
export async function createOnnxBackend(defaults: OnnxCompileOptions = {}): Promise<OnnxBackend> {
  resolveOptions(defaults); // fail early on bad options
  return new OnnxBackend(await loadOrt(), defaults);
}
