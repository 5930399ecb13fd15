import { Graph, glorotUniform, ops, Rng } from '@a3/core';
import { describe, expect, it } from 'vitest';
import { conv2dFlops, denseFlops, graphForwardFlops, mlpFlops, TRAIN_FLOP_FACTOR } from './flops';

describe('FLOP counting', () => {
  it('dense: 2·in·out per sample', () => {
    expect(denseFlops(725, 1000, 256)).toBe(2 * 725 * 1000 * 256);
  });

  it('the alarm MLP at NSL-KDD shapes', () => {
    const perSample = 2 * (725 * 1000 + 1000 * 500 + 500 * 200 + 200 * 75 + 75 * 1);
    expect(mlpFlops([725, 1000, 500, 200, 75, 1], 1)).toBe(perSample);
    // a training step at batch 256: ≈ 2.06 GFLOP
    expect(mlpFlops([725, 1000, 500, 200, 75, 1], 256) * TRAIN_FLOP_FACTOR).toBe(perSample * 256 * 3);
  });

  it('conv: 2·kh·kw·cin per output element', () => {
    const s = {
      outHeight: 28,
      outWidth: 28,
      kernelHeight: 3,
      kernelWidth: 3,
      inChannels: 1,
      outChannels: 16,
    };
    expect(conv2dFlops(s, 2)).toBe(2 * 28 * 28 * 16 * 9 * 1 * 2);
  });

  it('rejects nonsense sizes', () => {
    expect(() => denseFlops(-1, 3, 1)).toThrow(/inUnits must be a non-negative integer/);
    expect(() => mlpFlops([3], 1)).toThrow(/at least the input/);
  });

  it('counts MatMul and Conv2D nodes of a graph at a given batch', () => {
    const rng = new Rng(1);
    const g = new Graph('count');
    const x = g.input('x', [-1, 8, 8, 2]);
    const f = g.variable('f', glorotUniform(rng, [3, 3, 2, 4]));
    const c = ops.relu(ops.conv2d(x, f, { padding: 'same' })); // [N, 8, 8, 4]
    const flat = ops.reshape(c, [-1, 8 * 8 * 4]);
    const w = g.variable('w', glorotUniform(rng, [256, 5]));
    g.output('y', ops.matMul(flat, w));
    const expected =
      conv2dFlops(
        { outHeight: 8, outWidth: 8, kernelHeight: 3, kernelWidth: 3, inChannels: 2, outChannels: 4 },
        3,
      ) + denseFlops(256, 5, 3);
    expect(graphForwardFlops(g, 3)).toBe(expected);
  });

  it('refuses to count a graph that already holds backward ops', () => {
    const g = new Graph('bwd');
    const dy = g.input('dy', [-1, 4, 4, 1]);
    const f = g.input('f', [3, 3, 1, 1]);
    ops.conv2dBackpropInput(dy, f, [4, 4, 1], { padding: 'same' });
    expect(() => graphForwardFlops(g, 1)).toThrow(/TRAIN_FLOP_FACTOR/);
  });
});
