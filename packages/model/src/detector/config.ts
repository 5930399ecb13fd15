import { InvalidArgumentError } from '@a3/core';
import { DEFAULT_STEPS_PER_RUN } from '@a3/train';
import { ALARM_DEFAULTS, checkAlarmConfig, type AlarmConfig } from '../alarm/alarm';
import { DEFAULT_CONTAMINATION } from '../detectors/detector';
import { MODEL_LIMITS, boundedCount } from '../format/limits';
import type { JsonObject, JsonValue } from '../format/manifest';
import { checkTapSelection, type TapSelection } from '../taps/selection';

/** How one network is trained (Adam, mini-batches). */
export interface PhaseConfig {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Stop when the validation (or training) loss stops improving; best weights are kept. */
  earlyStopping?: { patience: number; minDelta?: number };
}

export interface AlarmPhaseConfig extends PhaseConfig {
  /** Weight per label for the labelled BCE term, e.g. { 0: 1, 1: 10 } (paper: none). */
  classWeights?: { 0: number; 1: number };
}

/** Everything that defines an A³ detector. Every field is optional; defaults follow the paper. */
export interface A3DetectorConfig {
  /** Registered target network (default 'dense-ae'; built-ins: dense-ae, conv-ae, mlp-classifier). */
  target?: string;
  /** Options for the target's factory, e.g. { encoder: [64, 32, 16] } for dense-ae. */
  targetOptions?: JsonObject;
  /** Hidden activations the alarm reads (default 'all'). */
  taps?: TapSelection;
  /** Alarm network (default hidden [1000, 500, 200, 75], relu, dropout 0.1). */
  alarm?: Partial<AlarmConfig>;
  /** Registered anomaly network (default 'gaussian' = N(0.5, 1); also uniform, vae, none). */
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
}

/** The scalings A3Detector can own (see A3DetectorConfig.preprocessing). */
export const INPUT_PREPROCESSING = ['min-max', 'none'] as const;
export type InputPreprocessingName = (typeof INPUT_PREPROCESSING)[number];

/** The configuration with every default filled in (what a3.json stores). */
export interface ResolvedConfig {
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
}

export const TARGET_TRAINING_DEFAULTS: PhaseConfig = { epochs: 30, batchSize: 256, learningRate: 1e-3 };
export const ALARM_TRAINING_DEFAULTS: AlarmPhaseConfig = { epochs: 60, batchSize: 256, learningRate: 1e-5 };

const KNOWN = [
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
];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function positiveInt(v: unknown, what: string, max: number): number {
  return boundedCount(v, what, max);
}

function jsonObject(v: unknown, what: string): JsonObject {
  if (v === undefined) return {};
  if (!isPlainObject(v))
    throw new InvalidArgumentError(
      `A3Detector: ${what} must be a plain object; got ${JSON.stringify(v)?.slice(0, 100)}.`,
    );
  try {
    return JSON.parse(JSON.stringify(v)) as JsonObject;
  } catch (err) {
    throw new InvalidArgumentError(
      `A3Detector: ${what} must be JSON-serialisable (${(err as Error).message}).`,
    );
  }
}

function phase<P extends PhaseConfig>(v: unknown, defaults: P, what: string): P {
  if (v !== undefined && !isPlainObject(v))
    throw new InvalidArgumentError(`A3Detector: ${what} must be an object.`);
  const p = { ...defaults, ...((v ?? {}) as Partial<P>) };
  for (const k of Object.keys(p)) {
    if (!['epochs', 'batchSize', 'learningRate', 'earlyStopping', 'classWeights'].includes(k)) {
      throw new InvalidArgumentError(
        `A3Detector: unknown option ${what}.${k}. Use epochs, batchSize, learningRate, earlyStopping` +
          `${what === 'alarmTraining' ? ', classWeights' : ''}.`,
      );
    }
  }
  positiveInt(p.epochs, `${what}.epochs`, MODEL_LIMITS.maxEpochs);
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

/** Validates a user config and fills in the paper's defaults. */
export function resolveConfig(config: A3DetectorConfig = {}): ResolvedConfig {
  if (!isPlainObject(config)) throw new InvalidArgumentError('A3Detector: the config must be an object.');
  for (const k of Object.keys(config)) {
    if (!KNOWN.includes(k))
      throw new InvalidArgumentError(`A3Detector: unknown option "${k}". Options: ${KNOWN.join(', ')}.`);
  }
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
  const name = (v: unknown, fallback: string, what: string) => {
    const s = v ?? fallback;
    if (typeof s !== 'string' || !s)
      throw new InvalidArgumentError(`A3Detector: ${what} must be a registered name (string).`);
    return s;
  };
  return {
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
 * Reads a stored config back (validating it like a user config). Models written before the
 * detector owned its preprocessing have no `preprocessing` field: they were fitted on x as
 * given, so they read as 'none'.
 */
export function configFromJSON(json: JsonValue): ResolvedConfig {
  if (!isPlainObject(json)) return resolveConfig(json as A3DetectorConfig);
  return resolveConfig({ preprocessing: 'none', ...json } as A3DetectorConfig);
}
