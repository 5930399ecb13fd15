import { Graph, type Tensor } from '@a3/core';
import { Dense, Dropout, ParameterCollection, Sequential } from '@a3/nn';
import { graphForwardFlops } from './flops';

/**
 * The alarm network at NSL-KDD shapes: 725 tap values (the dense AE's 200+100+50+25+50+100+200
 * hidden activations) → 1000 → 500 → 200 → 75 → dropout 0.1 → 1 logit (the paper's alarm).
 */
export const ALARM_INPUT = 725;
export const ALARM_HIDDEN = [1000, 500, 200, 75] as const;
export const ALARM_DROPOUT = 0.1;

export function alarmMlp(seed: number, params = new ParameterCollection()): Sequential {
  return new Sequential(
    [
      ...ALARM_HIDDEN.map((u, i) => new Dense(u, { activation: 'relu', name: `dense_${i + 1}` })),
      new Dropout(ALARM_DROPOUT, { name: 'dropout' }),
      new Dense(1, { name: 'logit' }),
    ],
    { name: 'alarm', seed, params },
  );
}

/** Forward FLOPs of `apply` on inputs [batch, ...sampleShape], counted on a throw-away graph. */
export function forwardFlops(
  sampleShape: readonly number[],
  batch: number,
  apply: (x: Tensor) => unknown,
): number {
  const g = new Graph('flop-count');
  apply(g.input('x', [-1, ...sampleShape]));
  return graphForwardFlops(g, batch);
}
