import { describe, expect, it } from 'vitest';
import type { Backend, CompileOptions, Executable } from './backend';
import { withCompileOptions } from './with-options';
import type { Graph } from '../graph/graph';

/** A backend that records the options of every compile (compile itself is not the subject). */
function recording(): { backend: Backend; seen: (CompileOptions | undefined)[] } {
  const seen: (CompileOptions | undefined)[] = [];
  const backend: Backend = {
    name: 'recording',
    capabilities: { training: false, conv: false, gpu: false, fusedSteps: false, onnxExport: false },
    compile: (_graph: Graph, options?: CompileOptions) => {
      seen.push(options);
      return Promise.resolve({} as Executable);
    },
    memory: () => ({ numTensors: 3, numBytes: 12 }),
    describe: () => ({ kernels: 'none' }),
  };
  return { backend, seen };
}

describe('withCompileOptions', () => {
  it('puts the defaults under every compile; options given to compile win', async () => {
    const { backend, seen } = recording();
    const b = withCompileOptions(backend, { threads: 1, quantize: 'int8' });
    const graph = {} as Graph;
    await b.compile(graph);
    await b.compile(graph, { threads: 4, stepsPerRun: 2 });
    expect(seen).toEqual([
      { threads: 1, quantize: 'int8' },
      { threads: 4, quantize: 'int8', stepsPerRun: 2 },
    ]);
  });

  it('is the same backend otherwise: name, capabilities, memory, describe', () => {
    const { backend } = recording();
    const b = withCompileOptions(backend, { threads: 1 });
    expect(b.name).toBe('recording');
    expect(b.capabilities).toBe(backend.capabilities);
    expect(b.memory()).toEqual({ numTensors: 3, numBytes: 12 });
    expect(b.describe()).toEqual({ kernels: 'none' });
  });
});
