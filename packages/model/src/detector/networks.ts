import {
  FormatError,
  Graph,
  InvalidArgumentError,
  formatShape,
  ops,
  shapeSize,
  type Tensor,
  type TensorData,
} from '@a3/core';
import { seedFor, type ParameterCollection, type Sequential } from '@a3/nn';
import { alarmNetwork } from '../alarm/alarm';
import { getAnomaly, type AnomalyNetwork } from '../anomaly/anomaly';
import { MODEL_LIMITS } from '../format/limits';
import { createTarget, type TargetNetwork } from '../targets/target';
import { concatTaps, selectTaps, tapWidth, type TargetTap } from '../taps/selection';
import type { ResolvedConfig } from './config';
import { GuardedParameters, parameterBudget, storedParameters, type ParameterGuard } from './guarded-params';
import type { MinMaxScaler } from './scaler';

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
  /** The fitted input scaler (preprocessing 'min-max'); null: x is fed as given. */
  scaler: MinMaxScaler | null;
}

/** Stored weights to build the networks from (loading): nothing is initialised or allocated. */
export interface StoredWeights {
  tensors: Record<string, TensorData>;
  /** The weights file, for messages. */
  source: string;
}

/** Shape of one sample within MODEL_LIMITS (checked before any layer sees it). */
export function checkSampleShape(shape: readonly number[], what: string): void {
  const { maxRank, maxSampleSize } = MODEL_LIMITS;
  if (shape.length > maxRank || shapeSize(shape) > maxSampleSize) {
    throw new InvalidArgumentError(
      `${what}: samples of shape ${formatShape(shape.slice(0, maxRank + 1))} exceed the limit of ` +
        `${maxRank} axes and ${maxSampleSize} (2^24) values per sample.`,
    );
  }
}

function scopedCollections(guard: ParameterGuard, stored: StoredWeights | undefined) {
  const of = (scope: string) =>
    new GuardedParameters(
      guard,
      stored ? Object.entries(stored.tensors).filter(([k]) => k.startsWith(`${scope}/`)) : undefined,
    );
  if (stored) {
    const stray = Object.keys(stored.tensors).find(
      (k) => !Object.values(SCOPES).some((scope) => k.startsWith(`${scope}/`)),
    );
    if (stray !== undefined) {
      throw new FormatError(
        `${stored.source} holds tensor "${stray.slice(0, 100)}" outside the target/, alarm/ and anomaly/ scopes; ` +
          'it is not an A³ model file.',
      );
    }
  }
  return { target: of(SCOPES.target), alarm: of(SCOPES.alarm), anomaly: of(SCOPES.anomaly) };
}

/**
 * Builds the networks a config describes for samples of `inputShape`. Every weight passes a
 * guard before it exists: when fitting, new weights are initialised within a size budget; when
 * loading (`stored`), each must be in the file with the architecture's shape, so nothing is
 * initialised and a config that does not match its weights fails before allocating anything.
 */
export function assembleNetworks(
  config: ResolvedConfig,
  inputShape: readonly number[],
  stored?: StoredWeights,
): Networks {
  const shape = [...inputShape];
  checkSampleShape(shape, 'A3Detector');
  const guard = stored ? storedParameters(stored.source) : parameterBudget();
  const params = scopedCollections(guard, stored);
  const target = createTarget(config.target, {
    inputShape: shape,
    seed: seedFor(config.seed, SCOPES.target),
    options: config.targetOptions,
    scope: SCOPES.target,
    params: params.target,
  });
  const alarm = alarmNetwork(config.alarm, params.alarm, seedFor(config.seed, SCOPES.alarm));
  const anomaly = getAnomaly(config.anomaly)({
    inputShape: shape,
    seed: seedFor(config.seed, SCOPES.anomaly),
    options: config.anomalyOptions,
    scope: SCOPES.anomaly,
    params: params.anomaly,
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
  const tapTotal = taps.reduce((n, t) => n + tapWidth(t), 0);
  if (tapTotal > MODEL_LIMITS.maxSampleSize) {
    throw new InvalidArgumentError(
      `Target "${config.target}" exposes ${tapTotal} tap values per sample, above the limit of ` +
        `${MODEL_LIMITS.maxSampleSize}; select fewer taps (taps: { roles: [...] }) or use smaller layers.`,
    );
  }
  alarm.build([-1, tapTotal]);
  const generated = anomaly.generate(x);
  if (generated && generated.shape.join(',') !== x.shape.join(',')) {
    throw new InvalidArgumentError(
      `Anomaly network "${config.anomaly}" generates samples of shape ${JSON.stringify(generated.shape.slice(1))} ` +
        `but the data has ${JSON.stringify(shape)}; counter-examples must look like inputs.`,
    );
  }
  // Loaded weights are checked; later graphs (scoring) reuse them. A fit keeps its budget for
  // the weights training creates (e.g. the VAE's variance head).
  if (stored) for (const c of Object.values(params)) c.release();
  return {
    inputShape: shape,
    target,
    alarm,
    anomaly,
    generatesAnomalies: generated !== null,
    taps: taps.map((t) => ({ name: t.name, role: t.role, width: tapWidth(t) })),
    scaler: null,
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

/** The score graph: x → fitted scaler (if any) → frozen target → alarm → sigmoid, output "score" [N]. */
export function scoreGraph(nets: Networks, config: ResolvedConfig): Graph {
  const g = new Graph('a3-score');
  const x = g.input('x', [-1, ...nets.inputShape]);
  const input = nets.scaler ? nets.scaler.apply(x) : x;
  g.output('score', ops.reshape(ops.sigmoid(a3Logit(nets, config, input, false)), [-1]));
  return g;
}

/** The parameter collections of the three networks (the anomaly network's when it has one). */
export function parameterCollections(nets: Networks): ParameterCollection[] {
  return [nets.target.params, nets.alarm.params, ...(nets.anomaly.params ? [nets.anomaly.params] : [])];
}

/** Every parameter of the networks by name. */
export function allParams(nets: Networks): Map<string, TensorData> {
  const out = new Map<string, TensorData>();
  for (const c of parameterCollections(nets)) for (const [k, v] of c.entries()) out.set(k, v);
  return out;
}
