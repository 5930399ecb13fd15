// The README's example, kept runnable.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { expect, it } from 'vitest';
import { getBackend, gradients, Graph, ops, TensorData } from '@a3/core';
import { saveOnnx } from './index'; // user code: from '@a3/backend-onnx' (the import also registers "onnx")

it('README: train a logistic unit on onnx, then export it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'a3-readme-'));
  const backend = await getBackend('onnx');

  const g = new Graph('logreg');
  const x = g.input('x', [-1, 2]); // -1: the batch dimension ("N" in the ONNX model)
  const t = g.input('t', [-1, 1]);
  const w = g.variable('w', TensorData.float32([2, 1], [0, 0]));
  const b = g.variable('b', TensorData.float32([1], [0]));
  const logits = ops.add(ops.matMul(x, w), b);
  const loss = ops.bceWithLogits(logits, t);
  const [dw, db] = gradients(loss, [w, b]);
  g.output('score', ops.sigmoid(logits));
  g.output('loss', loss);
  g.assign(w, ops.sub(w, ops.mul(dw, 1)), 'train');
  g.assign(b, ops.sub(b, ops.mul(db, 1)), 'train');

  const exec = await backend.compile(g, { stepsPerRun: 50 });
  const batch = {
    x: TensorData.fromRows([
      [0, 0],
      [1, 1],
      [0, 1],
      [1, 0],
    ]),
    t: TensorData.float32([4, 1], [0, 1, 0, 1]),
  };
  // 200 steps, 50 per ORT call: weights stay inside ONNX Runtime between steps of a call.
  const history = await exec.runSteps(Array(200).fill(batch), { outputs: ['loss'] });
  console.log(history[0].loss.item(), history[199].loss.item()); // ≈0.693, then much smaller

  // An inference model with the trained weights baked in; any ONNX runtime can load it.
  const path = join(dir, 'logreg.onnx');
  await saveOnnx(path, g, await exec.readVariables(), { outputs: ['score'], metadata: { threshold: '0.5' } });
  const session = await ort.InferenceSession.create(path);
  const { score } = await session.run({ x: new ort.Tensor('float32', Float32Array.of(1, 0), [1, 2]) });
  console.log(score.data); // > 0.5: x[0] predicts t

  expect(history[199].loss.item()).toBeLessThan(history[0].loss.item() / 2);
  expect((score.data as Float32Array)[0]).toBeGreaterThan(0.5);
  exec.dispose();
  await rm(dir, { recursive: true, force: true });
});
