import { describe, expect, it } from 'vitest';
import type { Backend, CompileOptions, Graph } from '@a3/core';
import { FIT_PLAN, fitFlops, withCompileOptions } from './fit-nsl-kdd';
import { mlpFlops } from './flops';

describe('fit-nsl-kdd helpers', () => {
  it('counts the fit analytically: target fwd+bwd, then target fwd + alarm fwd+bwd for rows and counter-examples', () => {
    const target = mlpFlops([122, 200, 100, 50, 25, 50, 100, 200, 122], 1);
    const alarm = mlpFlops([725, 1000, 500, 200, 75, 1], 1);
    expect(fitFlops(FIT_PLAN, 2048, 1948, 0)).toBe(
      5 * 1948 * target * 3 + 2 * 2 * 2048 * (target + alarm * 3),
    );
  });

  it('applies --threads to every compile the detector does, without hiding its own options', async () => {
    const seen: CompileOptions[] = [];
    const base = {
      name: 'fake',
      capabilities: { training: true, conv: true, gpu: false, fusedSteps: false, onnxExport: false },
      compile: async (_g: Graph, o?: CompileOptions) => {
        seen.push(o ?? {});
        return undefined as never;
      },
      memory: () => ({ numTensors: 0, numBytes: 0 }),
      describe: () => ({}),
    } satisfies Backend;
    expect(withCompileOptions(base, {})).toBe(base);
    const wrapped = withCompileOptions(base, { threads: 1 });
    await wrapped.compile({} as Graph, { stepsPerRun: 4 });
    expect(seen).toEqual([{ threads: 1, stepsPerRun: 4 }]);
    expect(wrapped.name).toBe('fake');
  });
});
