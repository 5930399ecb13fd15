import { FormatError, shapeSize } from '@a3/core';
import { MODEL_LIMITS } from './limits';

/**
 * `a3.json`: everything needed to rebuild a trained detector on any backend, except the
 * numbers (those are in `weights.safetensors`). Plain JSON, no backend names, so a model
 * saved from tfjs loads on onnx and vice versa.
 */

export const MODEL_FORMAT = 'a3-model';
/**
 * The newest format this package reads.
 * 2: a3.json may hold `inputScaler` (the detector's own fitted scaling, part of every score),
 * which a version-1 reader would silently skip; version-1 files read as unscaled models.
 * 3: a3.json may hold `ensemble` (heads in `heads/` whose scores join the alarm's), which a
 * version-2 reader would skip, scoring with the alarm alone. Only models with heads are written
 * as version 3, so every other model still loads in a version-2 reader.
 */
export const MODEL_FORMAT_VERSION = 3;
/** The version written for models without heads (and for other detectors' directories). */
export const PLAIN_FORMAT_VERSION = 2;
export const MANIFEST_FILE = 'a3.json';
export const WEIGHTS_FILE = 'weights.safetensors';
/** The folder of an A³ model with heads that holds them, one model directory each. */
export const HEADS_DIR = 'heads';
/** Every file a3 writes into a model directory (and so the only ones a save may replace). */
export const MODEL_FILES: readonly string[] = [MANIFEST_FILE, WEIGHTS_FILE, HEADS_DIR];

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface ModelManifest {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  /** Package versions that wrote the model (informational). */
  versions: Record<string, string>;
  createdAt: string;
  /** Shape of one sample (no batch dimension). */
  inputShape: number[];
  /** The A3Detector configuration the model was built and trained with (JSON form). */
  config: JsonObject;
  /** Resolved taps the alarm network reads: names in order and their flattened widths. */
  taps: { name: string; role: string; width: number }[];
  /** Opaque slot for the data layer's fitted preprocessing (`toJSON()` output). */
  preprocessing: JsonValue;
  /**
   * The detector's own fitted input scaling (config `preprocessing: 'min-max'`), applied inside
   * every score: `{ type: 'min-max', min: [...], max: [...] }`, or null (absent before version 2).
   */
  inputScaler: JsonValue;
  /** Decision threshold for `predict` (score >= threshold is an anomaly), or null when unset. */
  threshold: number | null;
  /** Opaque slot for the training protocol (split, seeds, classes) the CLI records. */
  protocol: JsonValue;
  /** Per-phase training summaries (epochs run, final losses). */
  training: JsonObject;
  /**
   * With heads (format 3): the calibrators and weights that join the heads in `heads/` to the
   * alarm's score; null without heads.
   */
  ensemble: JsonValue;
  /** Every tensor the weights file must hold, with its shape. */
  weights: { file: string; tensors: Record<string, number[]> };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Validates parsed `a3.json` content; `source` names the file in messages. */
export function parseManifest(value: unknown, source: string): ModelManifest {
  const fail = (why: string): never => {
    throw new FormatError(`${source} is not a valid a3 model manifest: ${why}.`);
  };
  if (!isObject(value)) fail('the top level is not a JSON object');
  const m = value as Record<string, unknown>;
  if (m.detector !== undefined && m.detector !== 'a3') {
    fail(
      `it holds a "${String(m.detector)}" detector, not an A³ one; load it with loadDetector(dir) ` +
        '(after importing the package that registers that detector, e.g. @a3/baselines)',
    );
  }
  if (m.format !== MODEL_FORMAT) fail(`"format" is ${JSON.stringify(m.format)}, expected "${MODEL_FORMAT}"`);
  if (typeof m.formatVersion !== 'number' || !Number.isInteger(m.formatVersion))
    fail('"formatVersion" is missing');
  if ((m.formatVersion as number) > MODEL_FORMAT_VERSION) {
    throw new FormatError(
      `${source} has format version ${String(m.formatVersion)}, newer than this @a3/model understands ` +
        `(${MODEL_FORMAT_VERSION}). Upgrade @a3/model to load it.`,
    );
  }
  const shapeOk = (s: unknown) => Array.isArray(s) && s.every((d) => Number.isInteger(d) && d > 0);
  if (!shapeOk(m.inputShape) || (m.inputShape as number[]).length === 0)
    fail('"inputShape" must be positive integers');
  checkSampleBounds(m.inputShape as number[], fail);
  if (!isObject(m.config)) fail('"config" must be an object');
  if (!Array.isArray(m.taps) || m.taps.length === 0) fail('"taps" must be a non-empty array');
  for (const t of m.taps as unknown[]) {
    if (
      !isObject(t) ||
      typeof t.name !== 'string' ||
      typeof t.role !== 'string' ||
      !Number.isInteger(t.width) ||
      (t.width as number) < 1 ||
      (t.width as number) > MODEL_LIMITS.maxSampleSize
    ) {
      fail(`every entry of "taps" needs a name, a role and a width in [1, ${MODEL_LIMITS.maxSampleSize}]`);
    }
  }
  if (m.threshold !== null && (typeof m.threshold !== 'number' || !Number.isFinite(m.threshold))) {
    fail('"threshold" must be a finite number or null');
  }
  if (!isObject(m.weights) || typeof m.weights.file !== 'string' || !isObject(m.weights.tensors)) {
    fail('"weights" must name the weights file and its tensors');
  }
  const w = m.weights as { file: string; tensors: Record<string, unknown> };
  if (w.file.includes('/') || w.file.includes('\\') || w.file.startsWith('.')) {
    fail(`"weights.file" must be a plain file name inside the model directory; got "${w.file}"`);
  }
  checkWeightsList(w.tensors, fail);
  return {
    format: MODEL_FORMAT,
    formatVersion: m.formatVersion as number,
    versions: isObject(m.versions) ? (m.versions as Record<string, string>) : {},
    createdAt: typeof m.createdAt === 'string' ? m.createdAt : '',
    inputShape: m.inputShape as number[],
    config: m.config as JsonObject,
    taps: m.taps as ModelManifest['taps'],
    preprocessing: (m.preprocessing ?? null) as JsonValue,
    inputScaler: (m.inputScaler ?? null) as JsonValue,
    threshold: (m.threshold ?? null) as number | null,
    protocol: (m.protocol ?? null) as JsonValue,
    training: isObject(m.training) ? (m.training as JsonObject) : {},
    ensemble: (m.ensemble ?? null) as JsonValue,
    weights: { file: w.file, tensors: w.tensors as Record<string, number[]> },
  };
}

/** Sample shape within MODEL_LIMITS (rank and values per sample). */
export function checkSampleBounds(shape: readonly number[], fail: (why: string) => never): void {
  const { maxRank, maxSampleSize } = MODEL_LIMITS;
  if (shape.length > maxRank || shapeSize(shape) > maxSampleSize) {
    fail(`"inputShape" exceeds the limit of ${maxRank} axes and ${maxSampleSize} (2^24) values per sample`);
  }
}

/**
 * The manifest's tensor list: valid shapes, each and all together within MODEL_LIMITS
 * .maxParameters, so a hand-edited list cannot make the reader expect (or allocate) more.
 */
export function checkWeightsList(tensors: Record<string, unknown>, fail: (why: string) => never): void {
  const { maxParameters, maxRank } = MODEL_LIMITS;
  let total = 0;
  for (const [name, shape] of Object.entries(tensors)) {
    const quoted = JSON.stringify(name.slice(0, 100));
    if (
      !Array.isArray(shape) ||
      shape.length > maxRank ||
      !shape.every((d) => Number.isInteger(d) && (d as number) >= 0)
    ) {
      fail(`weights tensor ${quoted} has an invalid shape`);
    }
    total += shapeSize(shape as number[]);
    if (total > maxParameters) {
      fail(`its weights list more than ${maxParameters} values (the limit, 2^28), at tensor ${quoted}`);
    }
  }
}
