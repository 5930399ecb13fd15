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

/**
 * Counter-examples near the data: each value of the batch is replaced, with probability
 * `share`, by noise N(mean, std), the rest kept — normal rows with a few features gone wrong,
 * the kind of anomaly that sits inside the normal range of every other feature (an intrusion
 * that differs from a normal connection in a handful of fields). With share 1 this is the
 * gaussian network. Drawn fresh every step in the graph, reproducible per seed.
 */
export function perturbAnomaly(ctx: AnomalyContext): AnomalyNetwork {
  const o = new OptionReader('perturb anomaly', ctx.options, ['share', 'gaussianRows', 'mean', 'std']);
  const share = o.number('share', 0.1, (v) => v > 0 && v <= 1, 'a number in (0, 1]');
  const gaussianRows = o.number('gaussianRows', 0, (v) => v >= 0 && v <= 1, 'a number in [0, 1]');
  const mean = o.number('mean', 0.5, () => true, 'a finite number');
  const std = o.number('std', 1, (v) => v > 0, 'a positive number');
  const seed = seedFor(ctx.seed, `${ctx.scope}/perturb`);
  const pick = seedFor(ctx.seed, `${ctx.scope}/perturb-mask`);
  return {
    generate: (x) => {
      const noise = ops.randomNormalLike(x, { mean, std, seed });
      const perturbed = ops.where(ops.less(ops.randomUniformLike(x, { seed: pick }), share), noise, x);
      if (gaussianRows === 0) return perturbed;
      // One uniform per row (shaped [N, 1, ...]): the row is all noise with probability gaussianRows.
      const perRow = ops.sum(
        x,
        x.shape.slice(1).map((_, i) => i + 1),
        true,
      );
      const whole = ops.less(ops.randomUniformLike(perRow, { seed: seedFor(pick, 'rows') }), gaussianRows);
      return ops.where(whole, noise, perturbed);
    },
    toJSON: () => ({ type: 'perturb', share, gaussianRows, mean, std }),
  };
}
