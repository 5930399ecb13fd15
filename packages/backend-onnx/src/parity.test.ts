import { describe, expect, it } from 'vitest';
import { getBackend, Rng, type Backend } from '@a3/core';
import '@a3/backend-tfjs';
import { createOnnxBackend } from './index';
import { mlpBatch, mlpTrainGraph, type MlpOptions } from './testing/mlp';

// Dropout off: random streams are per backend by design; everything else must agree.
const MLP: MlpOptions = { inputs: 40, hidden: [64, 32, 16, 8], dropout: 0, learningRate: 1e-3, seed: 2409 };
const STEPS = 50;

async function losses(backend: Backend): Promise<number[]> {
  const exec = await backend.compile(mlpTrainGraph(MLP));
  const rng = new Rng(706);
  const batches = Array.from({ length: 5 }, () => mlpBatch(rng, 64, MLP.inputs));
  const out: number[] = [];
  for (let i = 0; i < STEPS; i++) out.push((await exec.run(batches[i % batches.length])).loss.item());
  exec.dispose();
  return out;
}

describe('parity with tfjs-cpu', () => {
  it(`a seeded MLP trained ${STEPS} Adam steps gives the same loss at every step (1e-3 relative)`, async () => {
    const onnx = await losses(await createOnnxBackend({ threads: 1 }));
    const tfjs = await losses(await getBackend('tfjs-cpu'));
    const worst = Math.max(...onnx.map((l, i) => Math.abs(l - tfjs[i]) / Math.abs(tfjs[i])));
    console.log(
      `onnx vs tfjs-cpu: worst relative loss difference over ${STEPS} steps ${worst.toExponential(2)}`,
    );
    expect(worst).toBeLessThan(1e-3);
    expect(onnx[STEPS - 1]).toBeLessThan(onnx[0]);
  });
});
