import { describe, expect, it } from 'vitest';
import { Graph, gradients, TensorData } from '@a3/core';
import { referenceRun, ReferenceInterpreter } from '@a3/backend-testkit';
import { bce, bceWithLogits, mse, vaeLoss } from '../index';

const softplus = (z: number) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
const bceRef = (z: number, y: number) => softplus(z) - z * y;

function evalScalar(build: (g: Graph) => Parameters<Graph['output']>[1]): number {
  const g = new Graph();
  g.output('out', build(g));
  return referenceRun(g, {}).out.data[0];
}

describe('bceWithLogits', () => {
  it('is finite and correct at logits ±100, and so is its gradient', () => {
    const logits = [100, -100, 100, -100, 0, 3];
    const labels = [0, 1, 1, 0, 1, 0];
    const g = new Graph();
    const z = g.variable('z', TensorData.float32([6, 1], logits));
    const y = g.constant(TensorData.float32([6, 1], labels));
    const loss = bceWithLogits(z, y);
    const [dz] = gradients(loss, [z]);
    g.output('loss', loss);
    g.output('dz', dz);
    const out = referenceRun(g, {});
    const expected = logits.reduce((s, zi, i) => s + bceRef(zi, labels[i]), 0) / 6;
    expect(Number.isFinite(out.loss.data[0])).toBe(true);
    expect(out.loss.data[0]).toBeCloseTo(expected, 5);
    expect(expected).toBeCloseTo((100 + 100 + Math.log(2) + softplus(3)) / 6, 10);
    // d/dz = (sigmoid(z) − y) / N.
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    Array.from(out.dz.data).forEach((d, i) => {
      expect(Number.isFinite(d)).toBe(true);
      expect(d).toBeCloseTo((sig(logits[i]) - labels[i]) / 6, 6);
    });
  });

  it('averages features per sample, then applies weights and the reduction', () => {
    const zs = [1, -2, 0.5, 4];
    const ys = [1, 0, 0, 1];
    const per = [(bceRef(1, 1) + bceRef(-2, 0)) / 2, (bceRef(0.5, 0) + bceRef(4, 1)) / 2];
    const run = (reduction: 'mean' | 'sum' | 'none', weighted: boolean) => {
      const g = new Graph();
      const w = g.constant(TensorData.float32([2], [3, 0.5]));
      g.output(
        'l',
        bceWithLogits(
          g.constant(TensorData.float32([2, 2], zs)),
          g.constant(TensorData.float32([2, 2], ys)),
          {
            reduction,
            weights: weighted ? w : undefined,
          },
        ),
      );
      return Array.from(referenceRun(g, {}).l.data);
    };
    expect(run('none', false)[0]).toBeCloseTo(per[0], 6);
    expect(run('none', false)[1]).toBeCloseTo(per[1], 6);
    expect(run('mean', false)[0]).toBeCloseTo((per[0] + per[1]) / 2, 6);
    expect(run('sum', false)[0]).toBeCloseTo(per[0] + per[1], 6);
    expect(run('mean', true)[0]).toBeCloseTo((3 * per[0] + 0.5 * per[1]) / 2, 6);
    expect(() => bceWithLogits(new Graph().input('a', [-1, 2]), new Graph().input('b', [-1, 3]))).toThrow(
      /same shape/,
    );
  });

  it('bce on probabilities clips like Keras and agrees with the logits form', () => {
    const p = evalScalar((g) =>
      bce(g.constant(TensorData.float32([2, 1], [0, 1])), g.constant(TensorData.float32([2, 1], [1, 0]))),
    );
    expect(Number.isFinite(p)).toBe(true);
    // Both clipped in float32, as Keras does: p = 1e-7 and p = 1 − 1e-7 (rounded to 0.99999988).
    const lo = Math.fround(1e-7);
    const hi = Math.fround(1 - 1e-7);
    expect(p).toBeCloseTo((-Math.log(lo) - Math.log(1 - hi)) / 2, 4);
    const q = evalScalar((g) =>
      bce(g.constant(TensorData.float32([1, 1], [0.25])), g.constant(TensorData.float32([1, 1], [1]))),
    );
    expect(q).toBeCloseTo(-Math.log(0.25), 6);
  });
});

describe('mse', () => {
  it('mean of squared differences, per sample then over the batch', () => {
    const v = evalScalar((g) =>
      mse(
        g.constant(TensorData.float32([2, 2], [1, 2, 3, 4])),
        g.constant(TensorData.float32([2, 2], [0, 0, 3, 2])),
      ),
    );
    expect(v).toBeCloseTo((1 + 4 + 0 + 4) / 4, 6);
  });
});

describe('vaeLoss', () => {
  it('KL(N(μ, σ²) ‖ N(0, 1)) = −½ Σ(1 + log σ² − μ² − σ²) and BCE reconstruction summed over features', () => {
    const g = new Graph();
    const mean = g.constant(TensorData.float32([2, 2], [1, 0, 0.5, -2]));
    const logVar = g.constant(TensorData.float32([2, 2], [0, Math.log(2), -1, 0.5]));
    const rec = g.constant(TensorData.float32([2, 3], [0, 2, -1, 1, 1, 1]));
    const target = g.constant(TensorData.float32([2, 3], [0, 1, 0, 1, 0, 1]));
    const l = vaeLoss({ reconstruction: rec, target, mean, logVar }, { klWeight: 0.5 });
    g.output('loss', l.loss);
    g.output('kl', l.kl);
    g.output('rec', l.reconstruction);
    const out = new ReferenceInterpreter(g).run({});
    const klOf = (mu: number[], lv: number[]) =>
      -0.5 * mu.reduce((s, m, i) => s + 1 + lv[i] - m * m - Math.exp(lv[i]), 0);
    const kl = [klOf([1, 0], [0, Math.log(2)]), klOf([0.5, -2], [-1, 0.5])];
    expect(kl[0]).toBeCloseTo(1 - Math.log(2) / 2, 10);
    const recs = [bceRef(0, 0) + bceRef(2, 1) + bceRef(-1, 0), bceRef(1, 1) + bceRef(1, 0) + bceRef(1, 1)];
    expect(out.kl.data[0]).toBeCloseTo((kl[0] + kl[1]) / 2, 5);
    expect(out.rec.data[0]).toBeCloseTo((recs[0] + recs[1]) / 2, 5);
    expect(out.loss.data[0]).toBeCloseTo((recs[0] + recs[1]) / 2 + 0.5 * ((kl[0] + kl[1]) / 2), 5);
  });
});
