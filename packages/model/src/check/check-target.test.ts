import '@a3/backend-onnx';
import { ops } from '@a3/core';
import { Dense, Sequential } from '@a3/nn';
import { describe, expect, it } from 'vitest';
import {
  checkTarget,
  listTargets,
  TargetCheckError,
  type TargetCheckOptions,
  type TargetContext,
  type TargetNetwork,
} from '../index';

const backend = 'onnx';
const autoencoder = (ctx: TargetContext, opts: { name?: string; seed?: number; keepParams?: boolean } = {}) =>
  new Sequential(
    [
      new Dense(4, { activation: 'relu', name: 'code', role: 'code' }),
      new Dense(ctx.inputShape[0], { activation: 'sigmoid', name: 'output' }),
    ],
    {
      name: opts.name ?? ctx.scope,
      seed: opts.seed ?? ctx.seed,
      ...(opts.keepParams === false ? {} : { params: ctx.params }),
    },
  );

describe('checkTarget', () => {
  const builtIns: [string, TargetCheckOptions, string[] | null][] = [
    ['dense-ae', { options: { encoder: [8, 4] } }, ['encoder', 'code', 'decoder']],
    ['mlp-classifier', { options: { hidden: [8, 4], numClasses: 3 } }, ['hidden', 'hidden']],
    ['conv-ae', { inputShape: [8, 8, 1], options: { encoder: [4, 4], decoder: [4, 4], dropout: 0 } }, null],
  ];
  it.each(builtIns)('passes the built-in %s', async (name, options, roles) => {
    const report = await checkTarget(name, { ...options, backend });
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual([
      'builds',
      'scope',
      'taps',
      'loss',
      'input range',
      'seeded determinism',
      'save/load round trip',
    ]);
    if (roles) expect(report.taps.map((t) => t.role)).toEqual(roles);
    expect(report.taps.every((t) => t.width >= 1)).toBe(true);
  });

  it('accepts a factory, registers it only while checking', async () => {
    const before = listTargets();
    const report = await checkTarget((ctx) => autoencoder(ctx), { backend });
    expect(report.taps).toEqual([{ name: 'code', role: 'code', width: 4 }]);
    expect(report.checks.find((c) => c.name === 'input range')?.detail).toBe('[0, 1]');
    expect(listTargets()).toEqual(before);
  });

  it.each([
    [
      'scope',
      (ctx: TargetContext) => autoencoder(ctx, { name: 'elsewhere' }),
      /weights outside the scope "target\/": elsewhere\/code\/kernel/,
    ],
    ['scope', (ctx: TargetContext) => autoencoder(ctx, { keepParams: false }), /not kept in ctx\.params/],
    [
      'seeded determinism',
      (ctx: TargetContext) => autoencoder(ctx, { seed: 5 }),
      /seeds 0 and 1 give the same initial weights/,
    ],
    [
      'taps',
      (ctx: TargetContext) =>
        new Sequential([new Dense(ctx.inputShape[0], { activation: 'sigmoid' })], {
          name: ctx.scope,
          seed: ctx.seed,
          params: ctx.params,
        }),
      /no taps/,
    ],
    [
      'taps',
      (ctx: TargetContext): TargetNetwork => {
        const model = autoencoder(ctx);
        return {
          params: model.params,
          apply: (x, o) => {
            const r = model.apply(x, o);
            return {
              output: r.output,
              logits: r.logits,
              taps: [{ name: 'out', role: 'decoder', tensor: r.output }],
            };
          },
          loss: (f, x) => ops.mean(ops.square(ops.sub(f.output, x))),
          toJSON: () => ({}),
        };
      },
      /tap "out" is the network's output/,
    ],
  ])('reports a target that breaks "%s"', async (check, factory, message) => {
    const err = await checkTarget(factory, { backend, skipRoundTrip: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TargetCheckError);
    const failed = (err as TargetCheckError).report.failures;
    expect(failed.map((c) => c.name)).toContain(check);
    expect(failed.find((c) => c.name === check)?.detail).toMatch(message);
    expect((err as Error).message).toMatch(new RegExp(`✗ ${check}: `));
    const report = await checkTarget(factory, { backend, skipRoundTrip: true, throws: false });
    expect(report.ok).toBe(false);
  });
});
