import { FormatError, ops, type Tensor } from '@a3/core';
import {
  alarmNetwork,
  concatTaps,
  createTarget,
  readModelDir,
  resolveConfig,
  selectTaps,
  type A3DetectorConfig,
  type ModelManifest,
  type ResolvedConfig,
  type TargetNetwork,
} from '@a3/model';
import { ParameterCollection, seedFor, type Sequential } from '@a3/nn';

/**
 * Parameter-name scopes of a saved detector ("target/…", "alarm/…"), as @a3/model writes them.
 * @a3/model builds its score graph internally and does not export it; the CLI rebuilds the
 * same forward pass from the public pieces to put preprocessing in front of it (export) and to
 * read the target's reconstruction (baseline).
 */
const TARGET_SCOPE = 'target';
const ALARM_SCOPE = 'alarm';

/** The frozen target and the alarm of a saved model, with their trained weights. */
export interface StoredNetworks {
  manifest: ModelManifest;
  config: ResolvedConfig;
  inputShape: number[];
  target: TargetNetwork;
  alarm: Sequential;
}

export async function readNetworks(dir: string): Promise<StoredNetworks> {
  const { manifest, tensors } = await readModelDir(dir);
  const config = resolveConfig(manifest.config as A3DetectorConfig);
  const scoped = (scope: string) =>
    new ParameterCollection(Object.entries(tensors).filter(([k]) => k.startsWith(`${scope}/`)));
  const targetParams = scoped(TARGET_SCOPE);
  const alarmParams = scoped(ALARM_SCOPE);
  if (targetParams.size === 0 || alarmParams.size === 0) {
    throw new FormatError(
      `${dir}: the weights file has no "${TARGET_SCOPE}/…" or "${ALARM_SCOPE}/…" tensors; it is not an A³ detector.`,
    );
  }
  const target = createTarget(config.target, {
    inputShape: manifest.inputShape,
    seed: seedFor(config.seed, TARGET_SCOPE),
    options: config.targetOptions,
    scope: TARGET_SCOPE,
    params: targetParams,
  });
  const alarm = alarmNetwork(config.alarm, alarmParams, seedFor(config.seed, ALARM_SCOPE));
  return { manifest, config, inputShape: [...manifest.inputShape], target, alarm };
}

/** The A³ score [N] for model inputs x: frozen target → selected taps → alarm → sigmoid. */
export function scoreOf(nets: StoredNetworks, x: Tensor): Tensor {
  const taps = selectTaps(nets.target.apply(x, { training: false, trainable: false }).taps, nets.config.taps);
  const logit = nets.alarm.apply(concatTaps(taps), { training: false, trainable: false }).output;
  return ops.reshape(ops.sigmoid(logit), [-1]);
}

/**
 * The baseline detector: the target autoencoder's mean squared reconstruction error per sample
 * [N] — what a plain autoencoder anomaly detector reports. Null for targets whose output is not
 * a reconstruction of the input (classifiers).
 */
export function reconstructionErrorOf(nets: StoredNetworks, x: Tensor): Tensor | null {
  const out = nets.target.apply(x, { training: false, trainable: false }).output;
  if (out.shape.join(',') !== x.shape.join(',')) return null;
  const width = x.shape.slice(1).reduce((a, b) => a * b, 1);
  const diff = ops.reshape(ops.sub(out, x), [-1, width]);
  return ops.mean(ops.square(diff), [1]);
}
