import { InvalidArgumentError } from '@a3/core';
import { A3_PRESETS, listAnomalies, listTargets, type A3DetectorConfig, type A3PresetName } from '@a3/model';
import type { Args } from '@a3/args';
import { DEFAULT_PRESET, type RecipePresets } from '../dataset/recipe-defaults';

/** Training flags shared by `a3 train` and `a3 quickstart`, for their option lists. */
export const TRAINING_OPTIONS = {
  preset: {
    type: 'string',
    description:
      `A³ settings: robust (default: alarm step budget, hgb head + an unsupervised head chosen by the known anomalies) ` +
      'or paper (the published method, one alarm network)',
  },
  target: { type: 'string', description: 'Target network: dense-ae, conv-ae, mlp-classifier or a plugin' },
  anomaly: { type: 'string', description: 'Anomaly network: gaussian, uniform, perturb, vae, none or a plugin' },
  'epochs-target': { type: 'string', description: 'Epochs of target training' },
  'epochs-alarm': { type: 'string', description: 'Epochs of alarm training (replaces robust’s step budget)' },
  'batch-size': { type: 'string', description: 'Mini-batch size of both phases' },
  lr: { type: 'string', description: 'Learning rate (Adam) of the alarm network' },
  'lr-target': { type: 'string', description: 'Learning rate (Adam) of the target network' },
  seed: { type: 'string', description: 'Seed of the split, the hold-out and the weights' },
  backend: { type: 'string', description: 'Compute backend (see a3 backends); default the fastest here' },
} as const;

function known(name: string, list: string[], flag: string): string {
  if (!list.includes(name)) {
    throw new InvalidArgumentError(
      `--${flag} "${name}" is not registered. Known: ${list.join(', ')}. ` +
        'A plugin registers it: load it with --plugin PKG (or list it in a3.config.json).',
    );
  }
  return name;
}

/** --preset: one of A3_PRESETS, default DEFAULT_PRESET. */
export function presetFromArgs(args: Args): A3PresetName {
  const preset = args.string('preset') ?? DEFAULT_PRESET;
  if (!(A3_PRESETS as readonly string[]).includes(preset)) {
    throw new InvalidArgumentError(
      `--preset "${preset.slice(0, 100)}" is not a preset. Presets: ${A3_PRESETS.join(', ')}.`,
    );
  }
  return preset as A3PresetName;
}

/**
 * The detector configuration: the recipe's tuned settings for --preset, overridden by the
 * training flags. Fails on unknown presets, target and anomaly names before any data is read.
 */
export function detectorConfigFromArgs(args: Args, presets: RecipePresets, seed: number): A3DetectorConfig {
  const defaults = presets[presetFromArgs(args)];
  const target = args.string('target');
  const anomaly = args.string('anomaly');
  const batchSize = args.int('batch-size');
  const epochsTarget = args.int('epochs-target');
  const epochsAlarm = args.int('epochs-alarm');
  const lr = args.number('lr', { above: 0 });
  const lrTarget = args.number('lr-target', { above: 0 });
  const config: A3DetectorConfig = { ...defaults, seed };
  if (target !== undefined) {
    config.target = known(target, listTargets(), 'target');
    // Another target's layer options (e.g. dense-ae's encoder sizes) would not apply to it.
    if (target !== defaults.target) delete config.targetOptions;
  }
  if (anomaly !== undefined) config.anomaly = known(anomaly, listAnomalies(), 'anomaly');
  config.targetTraining = {
    ...defaults.targetTraining,
    ...(epochsTarget !== undefined ? { epochs: epochsTarget } : {}),
    ...(batchSize !== undefined ? { batchSize } : {}),
    ...(lrTarget !== undefined ? { learningRate: lrTarget } : {}),
  };
  config.alarmTraining = {
    ...defaults.alarmTraining,
    // Epochs asked for are what runs: a preset's step budget would override them.
    ...(epochsAlarm !== undefined ? { epochs: epochsAlarm, steps: null } : {}),
    ...(batchSize !== undefined ? { batchSize } : {}),
    ...(lr !== undefined ? { learningRate: lr } : {}),
  };
  return config;
}

/** The seed flag (default 1), read first because the data split depends on it too. */
export function seedFromArgs(args: Args): number {
  return args.int('seed', 0) ?? 1;
}
