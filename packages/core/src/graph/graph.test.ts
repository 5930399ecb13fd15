import { describe, expect, it } from 'vitest';
import { Graph, TensorData, gradients, ops, planRun, ShapeError } from '../index';

describe('graph builder', () => {
  it('infers shapes with a symbolic batch through an MLP and its gradients', () => {
    const g = new Graph('mlp');
    const x = g.input('x', [-1, 4]);
    const y = g.input('y', [-1, 1]);
    const w1 = g.variable('w1', TensorData.float32([4, 3]));
    const b1 = g.variable('b1', TensorData.float32([3]));
    const w2 = g.variable('w2', TensorData.float32([3, 1]));
    const h = ops.relu(ops.add(ops.matMul(x, w1), b1));
    expect(h.shape).toEqual([-1, 3]);
    const loss = ops.bceWithLogits(ops.matMul(h, w2), y);
    expect(loss.shape).toEqual([]);
    const [gw1, gb1, gw2] = gradients(loss, [w1, b1, w2]);
    expect(gw1.shape).toEqual([4, 3]);
    expect(gb1.shape).toEqual([3]);
    expect(gw2.shape).toEqual([3, 1]);
    g.output('loss', loss);
    g.assign(w1, ops.sub(w1, gw1));
    const plan = planRun(g, { updates: false });
    expect([...plan.inputs].sort()).toEqual(['x', 'y']);
  });

  it('names both shapes when broadcasting fails', () => {
    const g = new Graph();
    const a = g.input('a', [-1, 4]);
    const b = g.input('b', [3]);
    expect(() => ops.add(a, b)).toThrow(ShapeError);
    expect(() => ops.add(a, b)).toThrow(/\[N, 4\] and \[3\]/);
  });

  it('keeps the batch through reshapes and rejects mixing it', () => {
    const g = new Graph();
    const x = g.input('x', [-1, 28, 28, 1]);
    expect(ops.reshape(x, [-1, 784]).shape).toEqual([-1, 784]);
    expect(() => ops.reshape(x, [-1, 28])).toThrow(/batch/);
    const c = ops.conv2d(x, g.variable('k', TensorData.float32([3, 3, 1, 8])));
    expect(ops.maxPool2d(c).shape).toEqual([-1, 14, 14, 8]);
    expect(ops.upSampling2d(ops.maxPool2d(c)).shape).toEqual([-1, 28, 28, 8]);
  });
});
