import type { Feeds } from '@a3/core';
import { createTarget } from '@a3/model';
import { ParameterCollection } from '@a3/nn';
import { adam, bceWithLogits, DEFAULT_STEPS_PER_RUN, Trainer, type BuildLoss } from '@a3/train';
import { TRAIN_FLOP_FACTOR } from './flops';
import { alarmMlp, ALARM_INPUT, forwardFlops } from './networks';
import { labelsFor, uniformBatch } from './synthetic';
import type { PreparedWorkload, Workload, WorkloadContext } from './workload';

/** The paper's batch size for every training workload. */
export const TRAIN_BATCH = 256;

interface TrainStepSpec {
  params: ParameterCollection;
  buildLoss: BuildLoss;
  feeds: Feeds;
  forwardFlopsPerBatch: number;
}

/**
 * A training step through the @a3/train Trainer (forward, autodiff backward, Adam update),
 * one compiled graph, one backend call per step — without the Trainer's NaN guard: the
 * workload is the network's arithmetic. alarm-fit-steps and fit-nsl-kdd run with fit's
 * defaults, guard included.
 */
async function prepareTrainStep(ctx: WorkloadContext, spec: TrainStepSpec): Promise<PreparedWorkload> {
  const trainer = new Trainer({
    backend: ctx.backend,
    params: spec.params,
    buildLoss: spec.buildLoss,
    optimizer: adam({ lr: 1e-3 }),
    validationLoss: false,
    nanGuard: false,
    compileOptions: ctx.compileOptions,
  });
  await trainer.prepare(spec.feeds);
  return {
    samplesPerRep: spec.feeds.x.shape[0],
    flopsPerRep: spec.forwardFlopsPerBatch * TRAIN_FLOP_FACTOR,
    async rep() {
      const { loss } = await trainer.trainStep(spec.feeds);
      if (!Number.isFinite(loss)) throw new Error(`training diverged: loss ${loss}`);
    },
    backendBytes: () => ctx.backend.memory().numBytes,
    dispose: () => trainer.dispose(),
  };
}

// tfjs-cpu runs these at ~2.6 s (alarm) and ~28 s (conv) per step: fine for the full run,
// too slow for a smoke run on CI's 2 cores.
const slowOnCpu =
  (what: string) =>
  (backend: string, quick: boolean): string | undefined =>
    quick && backend === 'tfjs-cpu'
      ? `--quick skips ${what} on tfjs-cpu (pure-JS kernels: ${what === 'conv' ? '~28 s' : 'minutes'} per rep); run without --quick to measure it`
      : undefined;

export const alarmTrainStep: Workload = {
  id: 'alarm-train-step',
  title: 'Alarm MLP train step (725→1000→500→200→75→1, batch 256, Adam, dropout 0.1, BCE from logits)',
  kind: 'step',
  needs: { training: true, conv: false },
  async prepare(ctx) {
    const model = alarmMlp(ctx.seed);
    const x = uniformBatch(ctx.seed + 1, [TRAIN_BATCH, ALARM_INPUT]);
    return prepareTrainStep(ctx, {
      params: model.params,
      buildLoss: ({ x, y, training }) => bceWithLogits(model.apply(x, { training }).logits, y!),
      feeds: { x, y: labelsFor(x) },
      forwardFlopsPerBatch: forwardFlops([ALARM_INPUT], TRAIN_BATCH, (t) => model.apply(t)),
    });
  },
};

/**
 * Alarm training as `fit` runs it: DEFAULT_STEPS_PER_RUN (16) batches per repetition through
 * Trainer.trainSteps — one backend call on fused-step backends (onnx: an ONNX Loop, weights
 * and Adam state stay in the runtime), one call per step elsewhere — with fit's NaN guard on.
 * Reported per step.
 */
export const alarmFitSteps: Workload = {
  id: 'alarm-fit-steps',
  title: `Alarm MLP training as fit runs it (${DEFAULT_STEPS_PER_RUN} steps per rep, fused where the backend can, NaN guard on; per step)`,
  kind: 'step',
  needs: { training: true, conv: false },
  // tfjs-cpu has no fused steps: this would be 16 of its ~5.6 s alarm-train-step reps each.
  skipReason: (backend) =>
    backend === 'tfjs-cpu'
      ? 'tfjs-cpu runs these as 16 separate alarm-train-steps (~90 s per rep); see alarm-train-step'
      : undefined,
  async prepare(ctx) {
    const model = alarmMlp(ctx.seed);
    const batches = Array.from({ length: DEFAULT_STEPS_PER_RUN }, (_, i) => {
      const x = uniformBatch(ctx.seed + 10 + i, [TRAIN_BATCH, ALARM_INPUT]);
      return { x, y: labelsFor(x) };
    });
    const trainer = new Trainer({
      backend: ctx.backend,
      params: model.params,
      buildLoss: ({ x, y, training }) => bceWithLogits(model.apply(x, { training }).logits, y!),
      optimizer: adam({ lr: 1e-3 }),
      validationLoss: false,
      compileOptions: ctx.compileOptions,
    });
    await trainer.prepare(batches[0]);
    return {
      stepsPerRep: batches.length,
      samplesPerRep: TRAIN_BATCH,
      flopsPerRep: forwardFlops([ALARM_INPUT], TRAIN_BATCH, (t) => model.apply(t)) * TRAIN_FLOP_FACTOR,
      async rep() {
        for (const { loss } of await trainer.trainSteps(batches)) {
          if (!Number.isFinite(loss)) throw new Error(`training diverged: loss ${loss}`);
        }
      },
      backendBytes: () => ctx.backend.memory().numBytes,
      dispose: () => trainer.dispose(),
    };
  },
};

/** Builds a registered @a3/model target and times its own training loss (reconstruction BCE). */
async function prepareTargetStep(
  ctx: WorkloadContext,
  target: 'dense-ae' | 'conv-ae',
  sampleShape: number[],
): Promise<PreparedWorkload> {
  const net = createTarget(target, {
    inputShape: sampleShape,
    seed: ctx.seed,
    options: {},
    scope: 'target',
    params: new ParameterCollection(),
  });
  const x = uniformBatch(ctx.seed + 2, [TRAIN_BATCH, ...sampleShape]);
  return prepareTrainStep(ctx, {
    params: net.params,
    buildLoss: ({ x, training }) => net.loss(net.apply(x, { training, trainable: true }), x),
    feeds: { x },
    forwardFlopsPerBatch: forwardFlops(sampleShape, TRAIN_BATCH, (t) =>
      net.apply(t, { training: false, trainable: false }),
    ),
  });
}

export const targetTrainStep: Workload = {
  id: 'target-train-step',
  title: 'Dense target AE train step (122 → 200-100-50-25 mirrored → sigmoid 122, batch 256, BCE recon)',
  kind: 'step',
  needs: { training: true, conv: false },
  prepare: (ctx) => prepareTargetStep(ctx, 'dense-ae', [122]),
};

export const convTrainStep: Workload = {
  id: 'conv-train-step',
  title: 'Conv target AE train step (MNIST 28×28×1, conv 16/8/8 + pool, 8/8/16 + up-sample, batch 256)',
  kind: 'step',
  needs: { training: true, conv: true },
  skipReason: slowOnCpu('conv'),
  prepare: (ctx) => prepareTargetStep(ctx, 'conv-ae', [28, 28, 1]),
};
