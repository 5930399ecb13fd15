import { Graph, InvalidArgumentError, ops, type Tensor } from '@a3/core';
import { ParameterCollection, seedFor, type Sequential } from '@a3/nn';
import { alarmNetwork } from '../alarm/alarm';
import { getAnomaly, type AnomalyNetwork } from '../anomaly/anomaly';
import { createTarget, type TargetNetwork } from '../targets/target';
import { concatTaps, selectTaps, tapWidth, type TargetTap } from '../taps/selection';
import type { ResolvedConfig } from './config';

export const SCOPES = { target: 'target', alarm: 'alarm', anomaly: 'anomaly' } as const;

/** The three networks of one detector, each with its own weights. */
export interface Networks {
  inputShape: number[];
  target: TargetNetwork;
  alarm: Sequential;
  anomaly: AnomalyNetwork;
  /** Whether the anomaly network makes counter-examples (false for `none`). */
  generatesAnomalies: boolean;
  /** Taps the alarm reads (resolved once on a probe graph). */
  taps: { name: string; role: string; width: number }[];
}

/** Builds the networks a config describes for samples of `inputShape` (weights initialised lazily). */
export function assembleNetworks(config: ResolvedConfig, inputShape: readonly number[]): Networks {
  const shape = [...inputShape];
  const target = createTarget(config.target, {
    inputShape: shape,
    seed: seedFor(config.seed, SCOPES.target),
    options: config.targetOptions,
    scope: SCOPES.target,
    params: new ParameterCollection(),
  });
  const alarm = alarmNetwork(config.alarm, new ParameterCollection(), seedFor(config.seed, SCOPES.alarm));
  const anomaly = getAnomaly(config.anomaly)({
    inputShape: shape,
    seed: seedFor(config.seed, SCOPES.anomaly),
    options: config.anomalyOptions,
    scope: SCOPES.anomaly,
    params: new ParameterCollection(),
  });
  // A probe graph initialises the target's weights and resolves the taps (no backend needed).
  const probe = new Graph('probe');
  const x = probe.input('x', [-1, ...shape]);
  const taps = selectedTaps(target, x, config);
  const bad = target.params.names().filter((n) => !n.startsWith(`${SCOPES.target}/`));
  if (bad.length > 0) {
    throw new InvalidArgumentError(
      `Target "${config.target}" created parameters outside its scope: ${bad.slice(0, 3).join(', ')}. ` +
        'Name your Sequential with ctx.scope (new Sequential(layers, { name: ctx.scope, params: ctx.params })).',
    );
  }
  alarm.build([-1, taps.reduce((n, t) => n + tapWidth(t), 0)]);
  const generated = anomaly.generate(x);
  if (generated && generated.shape.join(',') !== x.shape.join(',')) {
    throw new InvalidArgumentError(
      `Anomaly network "${config.anomaly}" generates samples of shape ${JSON.stringify(generated.shape.slice(1))} ` +
        `but the data has ${JSON.stringify(shape)}; counter-examples must look like inputs.`,
    );
  }
  return {
    inputShape: shape,
    target,
    alarm,
    anomaly,
    generatesAnomalies: generated !== null,
    taps: taps.map((t) => ({ name: t.name, role: t.role, width: tapWidth(t) })),
  };
}

/** The frozen target's selected taps for `x` (inference mode, non-trainable weights). */
export function selectedTaps(target: TargetNetwork, x: Tensor, config: ResolvedConfig): TargetTap[] {
  return selectTaps(target.apply(x, { training: false, trainable: false }).taps, config.taps);
}

/** The alarm's logit for `x` through the frozen target: the whole A³ forward pass. */
export function a3Logit(nets: Networks, config: ResolvedConfig, x: Tensor, training: boolean): Tensor {
  const taps = concatTaps(selectedTaps(nets.target, x, config));
  return nets.alarm.apply(taps, { training, trainable: true }).output;
}

/** The score graph: x → frozen target → alarm → sigmoid, output "score" [N]. */
export function scoreGraph(nets: Networks, config: ResolvedConfig): Graph {
  const g = new Graph('a3-score');
  const x = g.input('x', [-1, ...nets.inputShape]);
  g.output('score', ops.reshape(ops.sigmoid(a3Logit(nets, config, x, false)), [-1]));
  return g;
}
