import { Graph, ops, type Backend, type CompileOptions, type Executable } from '@a3/core';
import { adam, bceWithLogits, Trainer } from '@a3/train';
import type { ParityReport } from '../report/types';
import { alarmMlp, ALARM_INPUT } from '../workloads/networks';
import { labelsFor, uniformBatch } from '../workloads/synthetic';

/** Scores may differ by float32 rounding (summation order, fused kernels), no more. */
export const PARITY_TOLERANCE = 1e-4;

export interface ParityOptions {
  seed: number;
  compileOptions: CompileOptions;
  /** Training steps on the reference backend (batch 64). */
  trainSteps?: number;
  /** Test samples scored on every backend. */
  samples?: number;
  log?: (line: string) => void;
}

/** Largest |a[i] − b[i]|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`score arrays differ in length: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/**
 * Score parity: train the seeded alarm MLP briefly on the first backend that can train, then
 * load those weights into a scoring graph on every backend with `writeVariables` (the path a
 * saved model takes into another backend) and score the same test data. The scoring graph is
 * compiled from the *untrained* initial weights, so nothing but writeVariables carries the
 * trained ones over.
 */
export async function measureParity(
  backends: readonly Backend[],
  options: ParityOptions,
): Promise<ParityReport> {
  const log = options.log ?? (() => {});
  const reference = backends.find((b) => b.capabilities.training);
  if (!reference) {
    return {
      maxAbsDiff: null,
      backends: [],
      tolerance: PARITY_TOLERANCE,
      reason: 'no backend that can train ran',
    };
  }
  const ordered = [reference, ...backends.filter((b) => b !== reference)];
  const model = alarmMlp(options.seed);
  const g = new Graph('parity-score');
  const x = g.input('x', [-1, ALARM_INPUT]);
  g.output('score', ops.sigmoid(model.apply(x, { training: false }).logits));

  log(`parity: training the alarm MLP on ${reference.name}`);
  const trainer = new Trainer({
    backend: reference,
    params: model.params,
    buildLoss: (c) => bceWithLogits(model.apply(c.x, { training: c.training }).logits, c.y!),
    optimizer: adam({ lr: 1e-3 }),
    validationLoss: false,
    compileOptions: options.compileOptions,
  });
  try {
    for (let step = 0; step < (options.trainSteps ?? 8); step++) {
      const xb = uniformBatch(options.seed + 100 + step, [64, ALARM_INPUT]);
      await trainer.trainStep({ x: xb, y: labelsFor(xb) });
    }
    await trainer.pullParams();
  } finally {
    trainer.dispose();
  }

  const test = { x: uniformBatch(options.seed + 7, [options.samples ?? 512, ALARM_INPUT]) };
  const scores = new Map<string, Float32Array>();
  const errors: Record<string, string> = {};
  for (const b of ordered) {
    log(`parity: scoring on ${b.name}`);
    let exec: Executable | undefined;
    try {
      exec = await b.compile(g, options.compileOptions);
      await model.params.writeTo(exec);
      scores.set(b.name, (await exec.run(test, { outputs: ['score'] })).score.data as Float32Array);
    } catch (err) {
      errors[b.name] = (err as Error).message;
    } finally {
      exec?.dispose();
    }
  }
  const ref = scores.get(reference.name);
  if (!ref) {
    return {
      maxAbsDiff: null,
      backends: [],
      tolerance: PARITY_TOLERANCE,
      reason: `the reference backend ${reference.name} failed to score: ${errors[reference.name]}`,
      errors,
    };
  }
  const perBackend: Record<string, number> = {};
  for (const [name, s] of scores) perBackend[name] = maxAbsDiff(ref, s);
  return {
    maxAbsDiff: Math.max(...Object.values(perBackend)),
    backends: [...scores.keys()],
    ...(Object.keys(errors).length ? { errors } : {}),
    reference: reference.name,
    perBackend,
    samples: test.x.shape[0],
    tolerance: PARITY_TOLERANCE,
  };
}
