import { describe, expect, it } from 'vitest';
import { planRun, TensorData, type Backend, type Executable, type Graph } from '@a3/core';
import { Dense, Dropout, Sequential } from '@a3/nn';
import { adam, bceWithLogits, sgd, Trainer } from '../index';

/** A backend that only records the graph it was asked to compile. */
function recordingBackend(): Backend & { graphs: Graph[] } {
  const graphs: Graph[] = [];
  return {
    name: 'recording',
    graphs,
    capabilities: { training: true, conv: true, gpu: false, fusedSteps: false, onnxExport: false },
    async compile(graph: Graph) {
      graphs.push(graph);
      return { graph, dispose() {} } as unknown as Executable;
    },
    memory: () => ({ numTensors: 0, numBytes: 0 }),
    describe: () => ({}),
  };
}

describe('Trainer graph construction', () => {
  const feeds = (n: number) => ({ x: TensorData.float32([n, 3]), y: TensorData.float32([n, 1]) });

  it('builds loss, gradients, Adam state and the inference loss once per signature', async () => {
    const backend = recordingBackend();
    const model = new Sequential([new Dense(4, { activation: 'relu' }), new Dropout(0.5), new Dense(1)], {
      name: 'm',
      seed: 1,
    });
    const trainer = new Trainer({
      backend,
      params: model.params,
      buildLoss: ({ x, y, training }) =>
        bceWithLogits(model.apply(x, { training }).logits, y!, { reduction: 'none' }),
      optimizer: adam({ lr: 0.01 }),
    });
    await trainer.prepare(feeds(4));
    await trainer.prepare(feeds(3)); // another batch size: same signature, no recompile
    expect(backend.graphs).toHaveLength(1);
    const g = backend.graphs[0];
    expect(g.inputs.get('x')!.shape).toEqual([-1, 3]);
    expect([...g.outputs.keys()]).toEqual(['loss', 'valLoss']);
    const names = [...g.variables.keys()];
    expect(names).toContain('optimizer/adam/m/m/dense_1/kernel');
    expect(names).toContain('optimizer/adam/v/m/dense_2/bias');
    expect(names).toContain('optimizer/adam/step');
    expect(names).toContain('optimizer/adam/lr');
    // 4 weights × (w, m, v) + step + NaN-guard flag.
    expect(g.updates).toHaveLength(4 * 3 + 2);
    // The validation loss has no dropout and needs no label-free extras.
    const valPlan = planRun(g, { outputs: ['valLoss'], updates: false });
    expect(valPlan.nodes.some((n) => n.op === 'RandomUniform')).toBe(false);
    expect(
      planRun(g, { outputs: ['loss'], updates: false }).nodes.some((n) => n.op === 'RandomUniform'),
    ).toBe(true);
  });

  it('frozen variables get no updates; sgd without momentum has no state', async () => {
    const backend = recordingBackend();
    const frozen = new Sequential([new Dense(2, { activation: 'relu' })], { name: 'frozen', seed: 1 });
    const head = new Sequential([new Dense(1)], { name: 'head', seed: 2, params: frozen.params });
    const trainer = new Trainer({
      backend,
      params: frozen.params,
      buildLoss: ({ x, y }) =>
        bceWithLogits(head.apply(frozen.apply(x, { trainable: false }).output).logits, y!),
      optimizer: sgd({ lr: 0.1 }),
      nanGuard: false,
    });
    await trainer.prepare(feeds(2));
    const g = backend.graphs[0];
    expect(g.updates.map((u) => u.variable).sort()).toEqual(['head/dense_1/bias', 'head/dense_1/kernel']);
  });

  it('refuses sample weights that the loss ignores', async () => {
    const model = new Sequential([new Dense(1)], { seed: 1 });
    const trainer = new Trainer({
      backend: recordingBackend(),
      params: model.params,
      buildLoss: ({ x, y }) => bceWithLogits(model.apply(x).logits, y!),
    });
    await expect(trainer.prepare({ ...feeds(2), sampleWeight: TensorData.float32([2]) })).rejects.toThrow(
      /ignores ctx.sampleWeight/,
    );
  });
});
