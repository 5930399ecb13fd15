import { InvalidArgumentError, ops } from '@a3/core';
import { seedFor } from '@a3/nn';
import { OptionReader } from '../plugins/options';
import type { AnomalyContext, AnomalyNetwork } from './anomaly';

/**
 * The paper's default anomaly network: noise N(mean, std) shaped like the batch, drawn
 * fresh every step (in the graph, so on the backend), reproducible per seed.
 */
export function gaussianAnomaly(ctx: AnomalyContext): AnomalyNetwork {
  const o = new OptionReader('gaussian anomaly', ctx.options, ['mean', 'std']);
  const mean = o.number('mean', 0.5, () => true, 'a finite number');
  const std = o.number('std', 1, (v) => v > 0, 'a positive number');
  const seed = seedFor(ctx.seed, `${ctx.scope}/gaussian`);
  return {
    generate: (x) => ops.randomNormalLike(x, { mean, std, seed }),
    toJSON: () => ({ type: 'gaussian', mean, std }),
  };
}

/** Uniform noise U(min, max) shaped like the batch (the reference's other noise type). */
export function uniformAnomaly(ctx: AnomalyContext): AnomalyNetwork {
  const o = new OptionReader('uniform anomaly', ctx.options, ['min', 'max']);
  const min = o.number('min', 0, () => true, 'a finite number');
  const max = o.number('max', 1, () => true, 'a finite number');
  if (!(max > min))
    throw new InvalidArgumentError(`uniform anomaly: max (${max}) must be greater than min (${min}).`);
  const seed = seedFor(ctx.seed, `${ctx.scope}/uniform`);
  return {
    generate: (x) => ops.randomUniformLike(x, { min, max, seed }),
    toJSON: () => ({ type: 'uniform', min, max }),
  };
}

/** No counter-examples: the alarm learns from the labelled data alone (needs known anomalies). */
export function noAnomaly(ctx: AnomalyContext): AnomalyNetwork {
  new OptionReader('none anomaly', ctx.options, []);
  return { generate: () => null, toJSON: () => ({ type: 'none' }) };
}
