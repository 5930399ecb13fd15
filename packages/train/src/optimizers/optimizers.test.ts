import { describe, expect, it } from 'vitest';
import { Graph, gradients, ops, TensorData } from '@a3/core';
import { ReferenceInterpreter } from '@a3/backend-testkit';
import { adam, sgd, type Optimizer } from '../index';

const W0 = [0.5, -1.5, 2];
const TARGET = [1, 0, -1];
const SCALE = [1, 3, 0.5];

/** loss = Σ scale·(w − target)²: gradient 2·scale·(w − target), known in closed form. */
function quadratic(optimizer: Optimizer, guardValue?: boolean) {
  const g = new Graph('quad');
  const w = g.variable('w', TensorData.float32([3], W0));
  const loss = ops.sum(
    ops.mul(
      ops.square(ops.sub(w, g.constant(TensorData.float32([3], TARGET)))),
      g.constant(TensorData.float32([3], SCALE)),
    ),
  );
  const [grad] = gradients(loss, [w]);
  const guard = guardValue === undefined ? undefined : ops.greater(g.constant(guardValue ? 1 : 0), 0.5);
  optimizer.applyGradients(g, [{ name: 'w', variable: w, grad }], { guard });
  g.output('loss', loss);
  return new ReferenceInterpreter(g);
}

const gradOf = (w: number[]) => w.map((v, i) => 2 * SCALE[i] * (v - TARGET[i]));
const f32 = (v: number) => Math.fround(v);

// The interpreter runs in float64 but the graph's constants (β, 1 − β, ε) are float32.
function expectClose(actual: ArrayLike<number>, expected: readonly number[], rel = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected[i])));
  }
}

describe('adam', () => {
  it('matches a float64 hand computation of bias-corrected Adam for 4 steps', () => {
    const lr = 0.1;
    const [b1, b2, eps] = [0.9, 0.999, 1e-7];
    const ref = quadratic(adam({ lr, beta1: b1, beta2: b2, epsilon: eps }));
    let w = [...W0];
    let m = [0, 0, 0];
    let v = [0, 0, 0];
    for (let t = 1; t <= 4; t++) {
      const grad = gradOf(w);
      m = m.map((mi, i) => b1 * mi + (1 - b1) * grad[i]);
      v = v.map((vi, i) => b2 * vi + (1 - b2) * grad[i] * grad[i]);
      const mHat = m.map((mi) => mi / (1 - b1 ** t));
      const vHat = v.map((vi) => vi / (1 - b2 ** t));
      w = w.map((wi, i) => wi - (lr * mHat[i]) / (Math.sqrt(vHat[i]) + eps));
      ref.run({});
      const vars = ref.readVariables([
        'w',
        'optimizer/adam/m/w',
        'optimizer/adam/v/w',
        'optimizer/adam/step',
      ]);
      expectClose(vars['w'].data, w);
      // The state holds the moments scaled by 1/(1−β) (see adam()).
      expectClose(
        vars['optimizer/adam/m/w'].data,
        m.map((mi) => mi / (1 - b1)),
      );
      expectClose(
        vars['optimizer/adam/v/w'].data,
        v.map((vi) => vi / (1 - b2)),
      );
      expect(vars['optimizer/adam/step'].data[0]).toBe(t);
    }
    // The first Adam step moves every weight by ≈ lr·sign(g) whatever the gradient's scale.
    expect(Math.abs(W0[1] - f32(w[1]))).toBeGreaterThan(0.3);
  });

  it('keeps weights and state when the guard is false', () => {
    const ref = quadratic(adam({ lr: 0.1 }), false);
    ref.run({});
    const vars = ref.readVariables(['w', 'optimizer/adam/m/w', 'optimizer/adam/step']);
    expectClose(vars['w'].data, W0);
    expectClose(vars['optimizer/adam/m/w'].data, [0, 0, 0]);
    expect(vars['optimizer/adam/step'].data[0]).toBe(0);
  });

  it('reads its learning rate from a variable, so it can change without recompiling', () => {
    const ref = quadratic(adam({ lr: 0.1 }));
    ref.writeVariables({ 'optimizer/adam/lr': TensorData.scalar(0) });
    ref.run({});
    expectClose(ref.readVariables(['w'])['w'].data, W0);
  });

  it('rejects invalid hyper-parameters with the fix in the message', () => {
    expect(() => adam({ lr: -1 })).toThrow(/lr must be a positive number/);
    expect(() => adam({ beta1: 1 })).toThrow(/beta1 must be in \[0, 1\)/);
    expect(() => sgd({ momentum: 1.5 })).toThrow(/momentum/);
  });
});

describe('sgd', () => {
  it('plain: w -= lr·g', () => {
    const ref = quadratic(sgd({ lr: 0.05 }));
    let w = [...W0];
    for (let t = 0; t < 3; t++) {
      w = w.map((wi, i) => wi - 0.05 * gradOf(w)[i]);
      ref.run({});
      expectClose(ref.readVariables(['w'])['w'].data, w);
    }
  });

  it('momentum and nesterov as PyTorch defines them', () => {
    for (const nesterov of [false, true]) {
      const [lr, mu] = [0.05, 0.9];
      const ref = quadratic(sgd({ lr, momentum: mu, nesterov }));
      let w = [...W0];
      let b = [0, 0, 0];
      for (let t = 0; t < 3; t++) {
        const grad = gradOf(w);
        b = b.map((bi, i) => mu * bi + grad[i]);
        const d = nesterov ? grad.map((gi, i) => gi + mu * b[i]) : b;
        w = w.map((wi, i) => wi - lr * d[i]);
        ref.run({});
        expectClose(ref.readVariables(['w'])['w'].data, w);
      }
    }
  });
});

describe('NaN guard (cheap gating: zero gradient, neutral coefficients)', () => {
  /** w's gradient and the guard are fed, so a step can carry NaN/Inf and be skipped. */
  function fedGradient(optimizer: Optimizer) {
    const g = new Graph('fed');
    const w = g.variable('w', TensorData.float32([3], W0));
    const grad = g.input('grad', [3]);
    const ok = g.input('ok', []);
    const guard = ops.greater(ok, 0.5);
    optimizer.applyGradients(g, [{ name: 'w', variable: w, grad }], { guard });
    return new ReferenceInterpreter(g);
  }
  const feed = (grad: number[], ok: boolean) => ({
    grad: TensorData.float32([3], grad),
    ok: TensorData.scalar(ok ? 1 : 0),
  });
  const snapshotAll = (ref: ReferenceInterpreter) =>
    Object.fromEntries(Object.entries(ref.readVariables()).map(([k, v]) => [k, Array.from(v.data)]));

  for (const [label, make] of [
    ['adam', () => adam({ lr: 0.1 })],
    ['sgd + momentum', () => sgd({ lr: 0.1, momentum: 0.9 })],
    ['sgd + nesterov', () => sgd({ lr: 0.1, momentum: 0.9, nesterov: true })],
    ['plain sgd', () => sgd({ lr: 0.1 })],
  ] as const) {
    it(`${label}: a skipped step with NaN/Inf gradients leaves every variable bit-for-bit unchanged`, () => {
      const ref = fedGradient(make());
      ref.run(feed([0.3, -2, 1.5], true));
      ref.run(feed([-0.7, 0.25, 4], true));
      const before = snapshotAll(ref);
      expect(before['w']).not.toEqual(W0.map(f32)); // the real steps moved w
      ref.run(feed([NaN, Infinity, -Infinity], false));
      ref.run(feed([1, 2, 3], false)); // a finite but skipped step changes nothing either
      expect(snapshotAll(ref)).toEqual(before);

      // Training resumes exactly as if the skipped steps never happened.
      ref.run(feed([0.5, 0.5, -0.5], true));
      const fresh = fedGradient(make());
      fresh.run(feed([0.3, -2, 1.5], true));
      fresh.run(feed([-0.7, 0.25, 4], true));
      fresh.run(feed([0.5, 0.5, -0.5], true));
      expect(snapshotAll(ref)).toEqual(snapshotAll(fresh));
    });
  }
});
