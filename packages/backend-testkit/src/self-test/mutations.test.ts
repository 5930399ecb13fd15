import { describe, expect, it } from 'vitest';
import { planRun, type Feeds, type Graph, type Node, type Outputs, type RunOptions } from '@a3/core';
import { primitiveCases } from '../cases/primitive-cases';
import { conv2d, maxPool2d, spatialPadding } from '../reference/conv';
import type { F64Tensor, RefValue } from '../reference/f64';
import { ReferenceInterpreter } from '../reference/interpreter';
import { pad } from '../reference/layout';
import { checkPrimitiveCase } from '../suite/primitive-checks';
import { checkRandomDeterminism } from '../suite/random-checks';
import { checkDispose, checkFeedValidation, checkUpdates } from '../suite/state-checks';
import { checkMemoryFlat, checkRunSteps, trainMlp } from '../suite/training-checks';
import { ReferenceBackend, ReferenceExecutable } from './reference-backend';

// Each test plants one realistic backend bug in the exact reference adapter and asserts the
// suite's check for it fails: a suite that passes everything proves nothing.

type Override = (
  node: Node,
  x: F64Tensor[],
  base: (n: Node, x: F64Tensor[]) => F64Tensor,
) => F64Tensor | undefined;

function mutantBackend(override: Override): ReferenceBackend {
  class Mutant extends ReferenceInterpreter {
    protected override evalNode(node: Node, x: F64Tensor[], feeds: Record<string, RefValue>): F64Tensor {
      return override(node, x, (n, xs) => super.evalNode(n, xs, feeds)) ?? super.evalNode(node, x, feeds);
    }
  }
  return new ReferenceBackend((g, o) => new ReferenceExecutable(g, o, new Mutant(g)));
}

const caseNamed = (name: string) => {
  const c = primitiveCases().find((p) => p.name === name);
  if (!c) throw new Error(`no case "${name}"`);
  return c;
};

/** Pads like TF but puts the extra row/column first (a classic port bug). */
function symmetricFirstPads(h: number, k: number, s: number): [number, number] {
  const { out } = spatialPadding(h, k, s, 'same');
  const total = Math.max((out - 1) * s + k - h, 0);
  return [Math.ceil(total / 2), Math.floor(total / 2)];
}

describe('the suite catches planted backend bugs', () => {
  it("conv 'same' padding with the extra pad on top/left", async () => {
    const backend = mutantBackend((n, [x, w]) => {
      if (n.op !== 'Conv2D' || n.attrs.padding !== 'same') return undefined;
      const [s0, s1] = n.attrs.strides;
      const ph = symmetricFirstPads(x.shape[1], w.shape[0], s0);
      const pw = symmetricFirstPads(x.shape[2], w.shape[1], s1);
      return conv2d(pad(x, [[0, 0], ph, pw, [0, 0]]), w, [s0, s1], 'valid');
    });
    await expect(
      checkPrimitiveCase(backend, caseNamed('Conv2D 6x6 kernel 3x3 stride 2,2 same')),
    ).rejects.toThrow(/differ/);
    await checkPrimitiveCase(backend, caseNamed('Conv2D 5x5 kernel 3x3 stride 2,2 same')); // even pads: unaffected
  });

  it('max-pooling that pads with zeros instead of -inf', async () => {
    const backend = mutantBackend((n, [x]) => {
      if (n.op !== 'MaxPool2D' || n.attrs.padding !== 'same') return undefined;
      const ph = spatialPadding(x.shape[1], n.attrs.poolSize[0], n.attrs.strides[0], 'same');
      const pw = spatialPadding(x.shape[2], n.attrs.poolSize[1], n.attrs.strides[1], 'same');
      const extra = (
        p: { out: number; before: number },
        size: number,
        k: number,
        s: number,
      ): [number, number] => [p.before, Math.max((p.out - 1) * s + k - size, 0) - p.before];
      const pads: [number, number][] = [
        [0, 0],
        extra(ph, x.shape[1], n.attrs.poolSize[0], n.attrs.strides[0]),
        extra(pw, x.shape[2], n.attrs.poolSize[1], n.attrs.strides[1]),
        [0, 0],
      ];
      return maxPool2d(pad(x, pads), n.attrs.poolSize, n.attrs.strides, 'valid');
    });
    await expect(
      checkPrimitiveCase(
        backend,
        caseNamed('MaxPool2D all-negative windows with same padding (pads are -inf, not 0)'),
      ),
    ).rejects.toThrow(/differ/);
  });

  it('MatMul that ignores transposeB', async () => {
    const backend = mutantBackend((n, x, base) =>
      n.op === 'MatMul' && n.attrs.transposeB && x[1].shape[0] === x[1].shape[1]
        ? base({ ...n, attrs: { ...n.attrs, transposeB: false } } as Node, x)
        : undefined,
    );
    await expect(checkPrimitiveCase(backend, caseNamed('MatMul [1,1] × [1,1]'))).resolves.toBeUndefined();
    const square = {
      ...caseNamed('MatMul transposeA false transposeB true (static)'),
      inputs: { a: { shape: [3, 3] }, b: { shape: [3, 3] } },
    };
    await expect(checkPrimitiveCase(backend, square)).rejects.toThrow(/differ/);
  });

  it('comparisons returned as float32 instead of bool', async () => {
    const backend = mutantBackend((n, x, base) =>
      n.op === 'Greater' ? { ...base(n, x), dtype: 'float32' } : undefined,
    );
    await expect(
      checkPrimitiveCase(
        backend,
        caseNamed('Greater [N,3] vs [1,3] (integer-valued floats, ties included) → bool'),
      ),
    ).rejects.toThrow(/dtype float32 but expected bool/);
  });

  it('random ops that repeat the same values every run', async () => {
    class Frozen extends ReferenceInterpreter {
      protected override evalNode(node: Node, x: F64Tensor[], feeds: Record<string, RefValue>): F64Tensor {
        if (node.op !== 'RandomNormal' && node.op !== 'RandomUniform') return super.evalNode(node, x, feeds);
        const saved = this.runIndex;
        this.runIndex = 0;
        try {
          return super.evalNode(node, x, feeds);
        } finally {
          this.runIndex = saved;
        }
      }
    }
    const backend = new ReferenceBackend((g, o) => new ReferenceExecutable(g, o, new Frozen(g)));
    await expect(checkRandomDeterminism(backend)).rejects.toThrow(/same values in two runs/);
  });

  it('updates applied one after another instead of from pre-run values', async () => {
    class Sequential extends ReferenceExecutable {
      override async run(feeds: Feeds, options: RunOptions = {}): Promise<Outputs> {
        const out = await super.run(feeds, { ...options, updates: false });
        for (const u of planRun(this.graph, options).updates) {
          this.interp.writeVariables({ [u.variable]: this.interp.evaluateTensors(feeds, [u.value])[0] });
        }
        return out;
      }
    }
    await expect(checkUpdates(new ReferenceBackend((g, o) => new Sequential(g, o)))).rejects.toThrow(
      /pre-run/,
    );
  });

  it('feeds that are not validated (a plain Error instead of A3_FEED)', async () => {
    class Sloppy extends ReferenceExecutable {
      override async run(feeds: Feeds, options?: RunOptions): Promise<Outputs> {
        try {
          return await super.run(feeds, options);
        } catch (err) {
          throw new Error((err as Error).message);
        }
      }
    }
    await expect(checkFeedValidation(new ReferenceBackend((g, o) => new Sloppy(g, o)))).rejects.toThrow(
      /A3_FEED/,
    );
  });

  it('an executable that keeps working after dispose()', async () => {
    class Immortal extends ReferenceExecutable {
      protected override alive(): void {}
    }
    await expect(checkDispose(new ReferenceBackend((g, o) => new Immortal(g, o)))).rejects.toThrow(
      /A3_DISPOSED/,
    );
  });

  it('a tensor leaked per training step', async () => {
    class Leaky extends ReferenceExecutable {
      private runs = 0;
      override async run(feeds: Feeds, options?: RunOptions): Promise<Outputs> {
        this.runs++;
        return super.run(feeds, options);
      }
      override memory() {
        const m = super.memory();
        return { numTensors: m.numTensors + this.runs, numBytes: m.numBytes + 4 * this.runs };
      }
    }
    const run = await trainMlp(new ReferenceBackend((g, o) => new Leaky(g, o)), 20);
    expect(() => checkMemoryFlat(run)).toThrow(/grew/);
  });

  it('runSteps that forgets the updates', async () => {
    class NoUpdateSteps extends ReferenceExecutable {
      override async runSteps(feeds: readonly Feeds[], options?: RunOptions): Promise<Outputs[]> {
        const out: Outputs[] = [];
        for (const f of feeds) out.push(await this.run(f, { ...options, updates: false }));
        return out;
      }
    }
    await expect(
      checkRunSteps(new ReferenceBackend((g: Graph, o) => new NoUpdateSteps(g, o))),
    ).rejects.toThrow(/runSteps/);
  });
});
