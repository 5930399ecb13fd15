import { FormatError, formatShape, type TensorData } from '@a3/core';
import packageJson from '../../package.json';
import {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  PLAIN_FORMAT_VERSION,
  WEIGHTS_FILE,
  checkSampleBounds,
  checkWeightsList,
  type JsonObject,
  type JsonValue,
} from '../format/manifest';
import { readModelDirWith, writeModelDir, type SaveOptions } from '../format/model-dir';

/**
 * `a3.json` of a detector other than A³ (the baselines): the same directory format — manifest
 * plus `weights.safetensors` — with the detector's kind, its options and any JSON state
 * (e.g. a forest's shape) beside the tensors.
 */
export interface DetectorManifest {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  /** Registry name of the detector kind that wrote it (loadDetector dispatches on it). */
  detector: string;
  versions: Record<string, string>;
  createdAt: string;
  /** Shape of one sample (no batch dimension). */
  inputShape: number[];
  /** The detector's resolved options. */
  config: JsonObject;
  threshold: number | null;
  preprocessing: JsonValue;
  protocol: JsonValue;
  training: JsonObject;
  /** Detector-specific JSON state (small: sizes, scalars; bulk numbers go in the tensors). */
  state: JsonValue;
  weights: { file: string; tensors: Record<string, number[]> };
}

export interface DetectorFiles {
  detector: string;
  inputShape: readonly number[];
  config: JsonObject;
  threshold: number | null;
  preprocessing?: JsonValue;
  protocol?: JsonValue;
  training?: JsonObject;
  state?: JsonValue;
  tensors: Record<string, TensorData>;
}

/**
 * Writes a detector's model directory atomically (same guarantees as A3Detector.save: an
 * existing model is replaced only with `{ force: true }`, other files are never touched).
 */
export async function writeDetectorDir(
  dir: string,
  files: DetectorFiles,
  options: SaveOptions = {},
): Promise<void> {
  const manifest: DetectorManifest = {
    format: MODEL_FORMAT,
    formatVersion: PLAIN_FORMAT_VERSION,
    detector: files.detector,
    versions: { '@a3/model': packageJson.version },
    createdAt: new Date().toISOString(),
    inputShape: [...files.inputShape],
    config: files.config,
    threshold: files.threshold,
    preprocessing: files.preprocessing ?? null,
    protocol: files.protocol ?? null,
    training: files.training ?? {},
    state: files.state ?? null,
    weights: {
      file: WEIGHTS_FILE,
      tensors: Object.fromEntries(Object.entries(files.tensors).map(([k, v]) => [k, [...v.shape]])),
    },
  };
  await writeModelDir(dir, { manifest, tensors: files.tensors }, options);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Reads a detector directory written by writeDetectorDir, checking it holds `kind`. Bounded
 * like A³ models: a3.json's size, its input shape and tensor list (MODEL_LIMITS), and a weights
 * file that holds exactly the listed tensors, checked before it is read. The detector then
 * checks its own architecture with expectTensors before using them.
 */
export async function readDetectorDir(
  dir: string,
  kind: string,
): Promise<{ manifest: DetectorManifest; tensors: Record<string, TensorData> }> {
  return readModelDirWith(dir, (value, source) => parseDetectorManifest(value, source, kind));
}

function parseDetectorManifest(value: unknown, source: string, kind: string): DetectorManifest {
  const fail = (why: string): never => {
    throw new FormatError(`${source} is not a valid a3 ${kind} model: ${why}.`);
  };
  if (!isObject(value)) return fail('the top level is not a JSON object');
  if (value.format !== MODEL_FORMAT)
    fail(`"format" is ${JSON.stringify(value.format)}, expected "${MODEL_FORMAT}"`);
  if (value.detector !== kind) {
    fail(`it holds a ${JSON.stringify(value.detector ?? 'a3')} detector; load it with loadDetector(dir)`);
  }
  if (typeof value.formatVersion !== 'number' || value.formatVersion > MODEL_FORMAT_VERSION) {
    fail(
      `format version ${String(value.formatVersion)} is not one this @a3/model reads (${MODEL_FORMAT_VERSION})`,
    );
  }
  const shape = value.inputShape;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    fail('"inputShape" must be positive integers');
  }
  checkSampleBounds(shape as number[], fail);
  if (!isObject(value.config)) fail('"config" must be an object');
  const t = value.threshold;
  if (t !== null && t !== undefined && (typeof t !== 'number' || !Number.isFinite(t))) {
    fail('"threshold" must be a finite number or null');
  }
  const w = value.weights;
  if (!isObject(w) || typeof w.file !== 'string' || !isObject(w.tensors))
    fail('"weights" must name the weights file and its tensors');
  const weights = w as { file: string; tensors: Record<string, unknown> };
  if (weights.file.includes('/') || weights.file.includes('\\') || weights.file.startsWith('.')) {
    fail(`"weights.file" must be a plain file name inside the model directory; got "${weights.file}"`);
  }
  checkWeightsList(weights.tensors, fail);
  return {
    format: MODEL_FORMAT,
    formatVersion: value.formatVersion as number,
    detector: kind,
    versions: isObject(value.versions) ? (value.versions as Record<string, string>) : {},
    createdAt: typeof value.createdAt === 'string' ? value.createdAt : '',
    inputShape: shape as number[],
    config: value.config as JsonObject,
    threshold: (t ?? null) as number | null,
    preprocessing: (value.preprocessing ?? null) as JsonValue,
    protocol: (value.protocol ?? null) as JsonValue,
    training: isObject(value.training) ? (value.training as JsonObject) : {},
    state: (value.state ?? null) as JsonValue,
    weights: { file: weights.file, tensors: weights.tensors as Record<string, number[]> },
  };
}

/**
 * Checks loaded tensors against the shapes a detector's config implies, before any of them is
 * used: each expected tensor present with its shape, and nothing else. Baselines call it on
 * readDetectorDir's result with the shapes their (bounded) options give.
 */
export function expectTensors(
  tensors: Record<string, TensorData>,
  expected: Record<string, readonly number[]>,
  source: string,
): void {
  for (const [name, shape] of Object.entries(expected)) {
    const t = Object.hasOwn(tensors, name) ? tensors[name] : undefined;
    if (!t)
      throw new FormatError(
        `${source} has no tensor "${name}", which its config needs; the file is incomplete.`,
      );
    if (t.shape.join(',') !== shape.join(',')) {
      throw new FormatError(
        `${source}: tensor "${name}" has shape ${formatShape(t.shape)} but its config needs ${formatShape(shape)}.`,
      );
    }
  }
  const extra = Object.keys(tensors).find((name) => !Object.hasOwn(expected, name));
  if (extra !== undefined) {
    throw new FormatError(`${source} holds tensor "${extra.slice(0, 100)}", which its config does not use.`);
  }
}
