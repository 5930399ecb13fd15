import { Graph, ops } from '@a3/core';
import { alarmMlp, ALARM_INPUT, forwardFlops } from './networks';
import { uniformBatch } from './synthetic';
import type { PreparedWorkload, Workload, WorkloadContext } from './workload';

/** A compiled scoring graph of the alarm MLP (inference mode, sigmoid score) fed one fixed batch. */
async function prepareAlarmScoring(ctx: WorkloadContext, batch: number): Promise<PreparedWorkload> {
  const model = alarmMlp(ctx.seed);
  const g = new Graph('alarm-score');
  const x = g.input('x', [-1, ALARM_INPUT]);
  g.output('score', ops.sigmoid(model.apply(x, { training: false }).logits));
  const exec = await ctx.backend.compile(g, ctx.compileOptions);
  const feeds = { x: uniformBatch(ctx.seed + 3, [batch, ALARM_INPUT]) };
  return {
    samplesPerRep: batch,
    flopsPerRep: forwardFlops([ALARM_INPUT], batch, (t) => model.apply(t)),
    async rep() {
      const out = await exec.run(feeds, { outputs: ['score'] });
      if (out.score.size !== batch) throw new Error(`expected ${batch} scores, got ${out.score.size}`);
    },
    backendBytes: () => ctx.backend.memory().numBytes,
    dispose: () => exec.dispose(),
  };
}

export const inferB1024: Workload = {
  id: 'infer-b1024',
  title: 'Alarm MLP scoring throughput, batch 1024 (forward + sigmoid)',
  kind: 'step',
  needs: { training: false, conv: false },
  prepare: (ctx) => prepareAlarmScoring(ctx, 1024),
};

export const latencyB1: Workload = {
  id: 'latency-b1',
  title: 'Alarm MLP single-sample latency (batch 1; p50 / p99)',
  kind: 'latency',
  needs: { training: false, conv: false },
  prepare: (ctx) => prepareAlarmScoring(ctx, 1),
};
