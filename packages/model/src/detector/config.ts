import { InvalidArgumentError } from '@a3/core';
import { DEFAULT_STEPS_PER_RUN } from '@a3/train';
import { ALARM_DEFAULTS, checkAlarmConfig, type AlarmConfig } from '../alarm/alarm';
import { DEFAULT_CONTAMINATION } from '../detectors/detector';
import { MODEL_LIMITS } from '../format/limits';
import type { JsonObject, JsonValue } from '../format/manifest';
import { A3_PRESETS, PRESET_CONFIGS, type A3PresetName } from '../presets/presets';
import { checkTapSelection, type TapSelection } from '../taps/selection';
import {
  calibrationConfig,
  groupTolerance,
  headList,
  isPlainObject,
  jsonObject,
  nonNegative,
  positiveInt,
} from './config-values';

/** How one network is trained (Adam, mini-batches). */
export interface PhaseConfig {
  epochs: number;
  /**
   * A budget in optimiser steps that replaces `epochs` (the last epoch is cut short), so a
   * small data set gets as many updates as a large one. null (or absent) trains by epochs; null
   * also turns off a preset's budget.
   */
  steps?: number | null;
  batchSize: number;
  learningRate: number;
  /** Stop when the validation (or training) loss stops improving; best weights are kept. */
  earlyStopping?: { patience: number; minDelta?: number };
}

export interface AlarmPhaseConfig extends PhaseConfig {
  /** Weight per label for the labelled BCE term, e.g. { 0: 1, 1: 10 } (paper: none). */
  classWeights?: { 0: number; 1: number };
  /**
   * Share of every batch given to the known anomalies (label 1), drawn with replacement, e.g.
   * 0.125: a handful of labels is not drowned by thousands of normals and counter-examples.
   * The normals fill the rest of each batch, each once per epoch. 0 or absent: the paper's
   * uniform shuffle of all training rows.
   */
  knownShare?: number;
}

/**
 * An extra registered detector (a "head") fitted on the same scaled training rows and labels
 * as the alarm; its score joins the alarm's per row (see A3DetectorConfig.heads).
 */
export interface HeadConfig {
  /** Registry name, e.g. 'hgb' or 'lof' (@a3/baselines registers them). */
  detector: string;
  /** Weight of its calibrated score in the combination (> 0). */
  weight: number;
  /**
   * One-sided head: its calibrated score enters the combination as max(F(s), floor), in [0, 1).
   * For a supervised head: a row that looks like the known anomalies is evidence, but a row
   * that does not is no evidence of normality — it may be a kind of anomaly never labelled — so
   * below the floor the head abstains instead of pulling the row down. Default 0 (two-sided).
   */
  floor?: number;
  /**
   * Heads with the same group are alternatives, one of which is kept: each is fitted on the
   * training normals alone (no labels), and the one whose scores best separate the held-out
   * calibration normals from the known anomalies (AUC-ROC; ties go to the earlier head) joins
   * the combination; the others are dropped with both AUCs as the reason. So the known
   * anomalies choose among detectors that never saw them. Members within `groupTolerance` of
   * the best AUC are all kept and share the group's weight equally (the labels cannot tell them
   * apart, so their mean is the safer score). With no known anomalies the group's first head is
   * kept. Members may not need known anomalies.
   */
  group?: string;
  /** Options for the detector's constructor. */
  options?: JsonObject;
}

/** The normals held out to calibrate the heads and the alarm against each other. */
export interface CalibrationConfig {
  /** Share of the training normals held out (seeded), default 0.1. */
  fraction: number;
  /** At most this many rows, default 2000. */
  maxRows: number;
}

/**
 * Everything that defines an A³ detector. Every field is optional: `preset` fills what is left
 * out (default 'paper': the paper's settings).
 */
export interface A3DetectorConfig {
  /**
   * Where the defaults come from: 'paper' (default) or 'robust' (step budget, an hgb head and
   * unsupervised heads chosen among lof, iforest and ae; needs @a3/baselines imported). Given
   * fields override the preset.
   */
  preset?: A3PresetName; /** Registered target network (default 'dense-ae'; built-ins: dense-ae, conv-ae, mlp-classifier). */
  target?: string;
  /** Options for the target's factory, e.g. { encoder: [64, 32, 16] } for dense-ae. */
  targetOptions?: JsonObject;
  /** Hidden activations the alarm reads (default 'all'). */
  taps?: TapSelection;
  /** Alarm network (default hidden [1000, 500, 200, 75], relu, dropout 0.1). */
  alarm?: Partial<AlarmConfig>;
  /** Registered anomaly network (default 'gaussian' = N(0.5, 1); also uniform, perturb, vae, none). */
  anomaly?: string;
  anomalyOptions?: JsonObject;
  /** Weight of the counter-example term in the alarm's loss (default 1). */
  anomalyLossWeight?: number;
  /** Target training (default 30 epochs, batch 256, Adam lr 1e-3). */
  targetTraining?: Partial<PhaseConfig>;
  /** Alarm training (default 60 epochs, batch 256, Adam lr 1e-5). */
  alarmTraining?: Partial<AlarmPhaseConfig>;
  /** Seed of initial weights, shuffles, dropout and noise (default 0). */
  seed?: number;
  /** Samples per backend call in score() (default 1024); bounds memory. */
  scoreBatchSize?: number;
  /** Training steps per backend call on backends with fused steps (default 16, as `fit`; 1: one call per step). */
  stepsPerRun?: number;
  /**
   * Input scaling the detector fits and applies itself (default 'min-max': per input value,
   * fitted on the training rows, saved with the model and part of scoreGraph / exportOnnx).
   * 'none' feeds x as given; fit then refuses data outside the target's input range ([0, 1]
   * for the autoencoders' sigmoid outputs).
   */
  preprocessing?: InputPreprocessingName;
  /**
   * Expected share of anomalies in the training data (default 0.1, as PyOD): after fit, the
   * threshold flags this share of the training rows, unless validation data with known
   * anomalies allows the best-F1 threshold.
   */
  contamination?: number;
  /**
   * Extra registered detectors fitted on the same scaled rows and labels. With heads, score()
   * is the weighted mean of each component's calibrated score Σ w·F(s) / Σ w, where F is the
   * component's score distribution on held-out training normals (`calibration`): a value in
   * [0, 1] within the normals' range and a little above 1 beyond it. A head that cannot use the
   * data (UnsuitableDataError, e.g. a supervised head without known anomalies) is dropped with a
   * note in `training.heads`. Default none.
   */
  heads?: HeadConfig[];
  /** Weight of the alarm among the heads (default 1; 0 leaves the heads alone). */
  alarmWeight?: number;
  /**
   * A head group (HeadConfig.group) keeps every member whose AUC-ROC on the held-out normals
   * against the known anomalies is at least the best one's minus this, in [0, 1) (default 0:
   * only the best; ties go to the earlier head). The kept members share the weight of the group.
   */
  groupTolerance?: number;
  /** Held-out normals for the combination (used only with heads). */
  calibration?: Partial<CalibrationConfig>;
}

/** The scalings A3Detector can own (see A3DetectorConfig.preprocessing). */
export const INPUT_PREPROCESSING = ['min-max', 'none'] as const;
export type InputPreprocessingName = (typeof INPUT_PREPROCESSING)[number];

/** The configuration with every default filled in (what a3.json stores). */
export interface ResolvedConfig {
  preset: A3PresetName;
  target: string;
  targetOptions: JsonObject;
  taps: TapSelection;
  alarm: AlarmConfig;
  anomaly: string;
  anomalyOptions: JsonObject;
  anomalyLossWeight: number;
  targetTraining: PhaseConfig;
  alarmTraining: AlarmPhaseConfig;
  seed: number;
  scoreBatchSize: number;
  stepsPerRun: number;
  preprocessing: InputPreprocessingName;
  contamination: number;
  heads: HeadConfig[];
  alarmWeight: number;
  groupTolerance: number;
  calibration: CalibrationConfig;
}

export const TARGET_TRAINING_DEFAULTS: PhaseConfig = { epochs: 30, batchSize: 256, learningRate: 1e-3 };
export const ALARM_TRAINING_DEFAULTS: AlarmPhaseConfig = { epochs: 60, batchSize: 256, learningRate: 1e-5 };

const KNOWN = [
  'preset',
  'target',
  'targetOptions',
  'taps',
  'alarm',
  'anomaly',
  'anomalyOptions',
  'anomalyLossWeight',
  'targetTraining',
  'alarmTraining',
  'seed',
  'scoreBatchSize',
  'stepsPerRun',
  'preprocessing',
  'contamination',
  'heads',
  'alarmWeight',
  'groupTolerance',
  'calibration',
];

function phase<P extends PhaseConfig>(v: unknown, defaults: P, what: string): P {
  if (v !== undefined && !isPlainObject(v))
    throw new InvalidArgumentError(`A3Detector: ${what} must be an object.`);
  const p = { ...defaults, ...((v ?? {}) as Partial<P>) };
  for (const k of Object.keys(p)) {
    const alarmOnly = ['classWeights', 'knownShare'];
    if (
      !['epochs', 'steps', 'batchSize', 'learningRate', 'earlyStopping', ...alarmOnly].includes(k) ||
      (what !== 'alarmTraining' && alarmOnly.includes(k))
    ) {
      throw new InvalidArgumentError(
        `A3Detector: unknown option ${what}.${k}. Use epochs, steps, batchSize, learningRate, earlyStopping` +
          `${what === 'alarmTraining' ? ', classWeights, knownShare' : ''}.`,
      );
    }
  }
  positiveInt(p.epochs, `${what}.epochs`, MODEL_LIMITS.maxEpochs);
  // null turns a preset's budget off; the resolved config then has no `steps`.
  if (p.steps === null || p.steps === undefined) delete p.steps;
  else positiveInt(p.steps, `${what}.steps`, MODEL_LIMITS.maxEpochs);
  positiveInt(p.batchSize, `${what}.batchSize`, MODEL_LIMITS.maxBatchSize);
  if (typeof p.learningRate !== 'number' || !(p.learningRate > 0) || !Number.isFinite(p.learningRate)) {
    throw new InvalidArgumentError(
      `A3Detector: ${what}.learningRate must be a positive number; got ${p.learningRate}.`,
    );
  }
  if (p.earlyStopping !== undefined) {
    if (!isPlainObject(p.earlyStopping)) {
      throw new InvalidArgumentError(`A3Detector: ${what}.earlyStopping must be { patience, minDelta? }.`);
    }
    positiveInt(p.earlyStopping.patience, `${what}.earlyStopping.patience`, MODEL_LIMITS.maxEpochs);
  }
  return p;
}

/** The preset's fields under the user's (training phases and the alarm merged key by key). */
function withPreset(config: A3DetectorConfig): { preset: A3PresetName; config: A3DetectorConfig } {
  const preset = config.preset ?? 'paper';
  if (!(A3_PRESETS as readonly unknown[]).includes(preset)) {
    throw new InvalidArgumentError(
      `A3Detector: preset must be ${A3_PRESETS.map((p) => `'${p}'`).join(' or ')}; ` +
        `got ${JSON.stringify(preset)?.slice(0, 100)}.`,
    );
  }
  const base = structuredClone(PRESET_CONFIGS[preset]) as A3DetectorConfig;
  const merged: A3DetectorConfig = { ...base, ...config };
  for (const k of ['alarm', 'targetTraining', 'alarmTraining', 'calibration'] as const) {
    const b = base[k];
    const c = config[k];
    if (isPlainObject(b) && (c === undefined || isPlainObject(c))) {
      (merged as Record<string, unknown>)[k] = { ...b, ...(c ?? {}) };
    }
  }
  return { preset, config: merged };
}

/** Validates a user config and fills in its preset's defaults (default 'paper'). */
export function resolveConfig(user: A3DetectorConfig = {}): ResolvedConfig {
  if (!isPlainObject(user)) throw new InvalidArgumentError('A3Detector: the config must be an object.');
  for (const k of Object.keys(user)) {
    if (!KNOWN.includes(k))
      throw new InvalidArgumentError(`A3Detector: unknown option "${k}". Options: ${KNOWN.join(', ')}.`);
  }
  const { preset, config } = withPreset(user);
  const weight = config.anomalyLossWeight ?? 1;
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
    throw new InvalidArgumentError(
      `A3Detector: anomalyLossWeight must be a number ≥ 0; got ${JSON.stringify(weight)?.slice(0, 100)}.`,
    );
  }
  const seed: unknown = config.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0)
    throw new InvalidArgumentError(
      `A3Detector: seed must be an integer ≥ 0; got ${String(seed).slice(0, 100)}.`,
    );
  const alarmTraining = phase(config.alarmTraining, ALARM_TRAINING_DEFAULTS, 'alarmTraining');
  const cw = alarmTraining.classWeights;
  if (
    cw !== undefined &&
    (!isPlainObject(cw) || !([0, 1] as const).every((k) => typeof cw[k] === 'number' && cw[k] >= 0))
  ) {
    throw new InvalidArgumentError(
      'A3Detector: alarmTraining.classWeights must be { 0: number, 1: number } (both ≥ 0).',
    );
  }
  const share = alarmTraining.knownShare;
  if (share !== undefined && (typeof share !== 'number' || !(share >= 0 && share < 1))) {
    throw new InvalidArgumentError(
      `A3Detector: alarmTraining.knownShare is the share of each batch given to known anomalies, a number in [0, 1); ` +
        `got ${JSON.stringify(share)?.slice(0, 100)}.`,
    );
  }
  if (share === 0) delete alarmTraining.knownShare;
  const name = (v: unknown, fallback: string, what: string) => {
    const s = v ?? fallback;
    if (typeof s !== 'string' || !s)
      throw new InvalidArgumentError(`A3Detector: ${what} must be a registered name (string).`);
    return s;
  };
  return {
    preset,
    target: name(config.target, 'dense-ae', 'target'),
    targetOptions: jsonObject(config.targetOptions, 'targetOptions'),
    taps: checkTapSelection(config.taps),
    alarm: checkAlarmConfig({ ...ALARM_DEFAULTS, ...jsonObject(config.alarm, 'alarm') }),
    anomaly: name(config.anomaly, 'gaussian', 'anomaly'),
    anomalyOptions: jsonObject(config.anomalyOptions, 'anomalyOptions'),
    anomalyLossWeight: weight,
    targetTraining: phase(config.targetTraining, TARGET_TRAINING_DEFAULTS, 'targetTraining'),
    alarmTraining,
    seed,
    scoreBatchSize: positiveInt(config.scoreBatchSize ?? 1024, 'scoreBatchSize', MODEL_LIMITS.maxBatchSize),
    stepsPerRun: positiveInt(
      config.stepsPerRun ?? DEFAULT_STEPS_PER_RUN,
      'stepsPerRun',
      MODEL_LIMITS.maxEpochs,
    ),
    preprocessing: preprocessingName(config.preprocessing),
    contamination: contaminationShare(config.contamination),
    heads: headList(config.heads),
    alarmWeight: nonNegative(config.alarmWeight ?? 1, 'alarmWeight'),
    groupTolerance: groupTolerance(config.groupTolerance),
    calibration: calibrationConfig(config.calibration),
  };
}

function preprocessingName(v: unknown): InputPreprocessingName {
  const name = v ?? 'min-max';
  if (!(INPUT_PREPROCESSING as readonly unknown[]).includes(name)) {
    throw new InvalidArgumentError(
      `A3Detector: preprocessing must be ${INPUT_PREPROCESSING.map((p) => `'${p}'`).join(' or ')}; ` +
        `got ${JSON.stringify(v)?.slice(0, 100)}.`,
    );
  }
  return name as InputPreprocessingName;
}

function contaminationShare(v: unknown): number {
  const c = v ?? DEFAULT_CONTAMINATION;
  if (typeof c !== 'number' || !(c > 0 && c <= 0.5)) {
    throw new InvalidArgumentError(
      `A3Detector: contamination is the expected share of anomalies, a number in (0, 0.5]; ` +
        `got ${JSON.stringify(v)?.slice(0, 100)}.`,
    );
  }
  return c;
}

/** The resolved config as plain JSON (for a3.json). */
export function configToJSON(c: ResolvedConfig): JsonObject {
  return JSON.parse(JSON.stringify(c)) as JsonObject;
}

/**
 * A config that is already complete (a resolved one, or a3.json's): validated again, but its
 * preset only named, not applied — what the preset once set is in the fields, and a field it left
 * out on purpose (e.g. `steps: null` → no `steps`) must stay out. The paper's defaults fill only
 * fields that older files lack.
 */
export function resolveComplete(config: A3DetectorConfig): ResolvedConfig {
  if (!isPlainObject(config)) return resolveConfig(config);
  const resolved = resolveConfig({ ...config, preset: 'paper' });
  return { ...resolved, preset: withPreset({ preset: config.preset as A3PresetName }).preset };
}

/**
 * Reads a stored config back (validating it like a user config). Models written before the
 * detector owned its preprocessing have no `preprocessing` field: they were fitted on x as
 * given, so they read as 'none'.
 */
export function configFromJSON(json: JsonValue): ResolvedConfig {
  if (!isPlainObject(json)) return resolveConfig(json as A3DetectorConfig);
  return resolveComplete({ preprocessing: 'none', ...json } as A3DetectorConfig);
}
