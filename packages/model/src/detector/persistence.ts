import { join } from 'node:path';
import { FormatError, type Backend } from '@a3/core';
import packageJson from '../../package.json';
import { detectorKindOf } from '../detectors/registry';
import {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  PLAIN_FORMAT_VERSION,
  WEIGHTS_FILE,
  type JsonObject,
  type JsonValue,
  type ModelManifest,
} from '../format/manifest';
import { readModelDir, writeModelDir, type SaveOptions } from '../format/model-dir';
import { UnknownPluginError } from '../plugins/registry';
import {
  ensembleFromJSON,
  ensembleToJSON,
  headDir,
  headEntry,
  keptWeights,
  type Ensemble,
} from '../heads/ensemble';
import { configFromJSON, configToJSON, type ResolvedConfig } from './config';
import { allParams, assembleNetworks, parameterCollections, type Networks } from './networks';
import { MinMaxScaler } from './scaler';

export interface DetectorState {
  config: ResolvedConfig;
  nets: Networks;
  threshold: number | null;
  preprocessing: JsonValue;
  protocol: JsonValue;
  training: JsonObject;
  /** The heads and calibrators joined to the alarm (config.heads), or null without heads. */
  ensemble: Ensemble | null;
}

export async function saveDetectorState(
  dir: string,
  s: DetectorState,
  options: SaveOptions = {},
): Promise<void> {
  const params = allParams(s.nets);
  const ensemble = s.ensemble;
  const manifest: ModelManifest = {
    format: MODEL_FORMAT,
    // Only a model with heads needs a reader that knows them (see MODEL_FORMAT_VERSION).
    formatVersion: ensemble ? MODEL_FORMAT_VERSION : PLAIN_FORMAT_VERSION,
    versions: { '@a3/model': packageJson.version },
    createdAt: new Date().toISOString(),
    inputShape: [...s.nets.inputShape],
    config: configToJSON(s.config),
    taps: s.nets.taps.map((t) => ({ ...t })),
    preprocessing: s.preprocessing,
    inputScaler: s.nets.scaler ? (s.nets.scaler.toJSON() as unknown as JsonValue) : null,
    threshold: s.threshold,
    protocol: s.protocol,
    training: s.training,
    ensemble: ensemble ? ensembleToJSON(ensemble) : null,
    weights: {
      file: WEIGHTS_FILE,
      tensors: Object.fromEntries([...params].map(([k, v]) => [k, [...v.shape]])),
    },
  };
  const writeHeads = ensemble
    ? async (folder: string) => {
        // Each head writes its own model directory (its a3.json names its kind for loading).
        for (const h of ensemble.heads) {
          await h.detector.save(join(folder, headDir(h.index, h.config.detector).split('/')[1]));
        }
      }
    : undefined;
  await writeModelDir(
    dir,
    { manifest, tensors: Object.fromEntries(params), ...(writeHeads ? { writeHeads } : {}) },
    options,
  );
}

/**
 * Reads a model directory and rebuilds its networks from the stored config (through the
 * target/anomaly registries) *out of the stored tensors*: each weight the architecture asks for
 * must be in the file with its shape, so nothing is initialised and a config that does not match
 * the weights (hand-edited layer sizes) fails before anything is allocated or sent to a backend.
 */
export async function loadDetectorState(
  dir: string,
  options: { backend?: string | Backend } = {},
): Promise<DetectorState> {
  const { manifest, tensors } = await readModelDir(dir);
  const source = `${dir}/${manifest.weights.file}`;
  let config: ResolvedConfig;
  try {
    config = configFromJSON(manifest.config);
  } catch (err) {
    throw new FormatError(`The model at ${dir} has an invalid config: ${(err as Error).message}`, {
      cause: err,
    });
  }
  for (const [name, t] of Object.entries(tensors)) {
    const bad = (t.data as Float32Array).findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new FormatError(
        `${source}: tensor "${name}" holds a non-finite value at index ${bad}; the file is corrupt.`,
      );
    }
  }
  let nets: Networks;
  try {
    nets = assembleNetworks(config, manifest.inputShape, { tensors, source });
  } catch (err) {
    // A plugin that is not installed says how to install it; anything else is the file's fault.
    if (err instanceof FormatError || err instanceof UnknownPluginError) throw err;
    throw new FormatError(
      `The model at ${dir} does not build from its a3.json: ${String((err as Error)?.message ?? err).slice(0, 300)}`,
      { cause: err },
    );
  }
  const expectedTaps = manifest.taps.map((t) => `${t.name}:${t.width}`).join(', ');
  const builtTaps = nets.taps.map((t) => `${t.name}:${t.width}`).join(', ');
  if (expectedTaps !== builtTaps) {
    throw new FormatError(
      `The model at ${dir} was saved with taps [${expectedTaps.slice(0, 200)}] but target "${config.target}" now builds ` +
        `[${builtTaps.slice(0, 200)}]. The target plugin changed since the model was saved; load it with the plugin version that wrote it.`,
    );
  }
  // A target that keeps its weights elsewhere than ctx.params was built unguarded: give it the
  // stored values by name, each checked against the shape it built.
  for (const c of parameterCollections(nets)) {
    for (const [name, built] of c.entries()) {
      const t = Object.hasOwn(tensors, name) ? tensors[name] : undefined;
      if (!t) {
        throw new FormatError(
          `${source} has no tensor "${name}", which the architecture in a3.json needs. The weights file is from another model or incomplete.`,
        );
      }
      if (t.shape.join(',') !== built.shape.join(',')) {
        throw new FormatError(
          `${source}: tensor "${name}" has shape [${t.shape.join(', ')}] but the architecture needs [${built.shape.join(', ')}].`,
        );
      }
      if (t !== built) c.set(name, t);
    }
  }
  nets.scaler = loadScaler(manifest, config, dir);
  return {
    config,
    nets,
    threshold: manifest.threshold,
    preprocessing: manifest.preprocessing,
    protocol: manifest.protocol,
    training: manifest.training,
    ensemble: await loadEnsemble(manifest, config, dir, options),
  };
}

/** The heads of a model with heads, each loaded from its folder by its registered kind. */
async function loadEnsemble(
  manifest: ModelManifest,
  config: ResolvedConfig,
  dir: string,
  options: { backend?: string | Backend },
): Promise<Ensemble | null> {
  const source = `${dir}/a3.json`;
  if (manifest.ensemble === null) {
    if (config.heads.length > 0) {
      throw new FormatError(`${source} configures heads but holds no "ensemble"; the file is corrupt.`);
    }
    return null;
  }
  if (config.heads.length === 0) {
    throw new FormatError(`${source} holds an "ensemble" but its config has no heads; the file is corrupt.`);
  }
  const stored = ensembleFromJSON(manifest.ensemble, config.heads, config.alarmWeight, source);
  // The weights follow from which heads were kept, as at fit.
  const weights = keptWeights(stored.heads.map((h) => config.heads[h.index]));
  const heads: Ensemble['heads'] = [];
  try {
    for (const [i, h] of stored.heads.entries()) {
      const entry = headEntry(h.detector, 'load', dir);
      const path = join(dir, h.dir);
      const kind = await detectorKindOf(path);
      if (kind !== h.detector) {
        throw new FormatError(
          `${path} holds a "${kind.slice(0, 60)}" detector where ${source} lists a "${h.detector}" head.`,
        );
      }
      const detector = await entry.load(path, options);
      heads.push({
        index: h.index,
        config: config.heads[h.index],
        weight: weights[i],
        detector,
        calibrator: h.calibrator,
      });
    }
  } catch (err) {
    for (const h of heads) h.detector.dispose();
    throw err;
  }
  return { alarmWeight: config.alarmWeight, alarm: stored.alarm, heads, dropped: stored.dropped };
}

function loadScaler(manifest: ModelManifest, config: ResolvedConfig, dir: string): MinMaxScaler | null {
  const source = `${dir}/a3.json`;
  const stored = manifest.inputScaler;
  switch (config.preprocessing) {
    case 'none':
      if (stored !== null) {
        throw new FormatError(
          `${source} holds an "inputScaler" but its config says preprocessing 'none'; the file is corrupt.`,
        );
      }
      return null;
    case 'min-max':
      if (stored === null) {
        throw new FormatError(
          `${source}: its config says preprocessing 'min-max' but it holds no fitted "inputScaler"; the file is corrupt.`,
        );
      }
      return MinMaxScaler.fromJSON(stored, manifest.inputShape, source);
    default: {
      const never: never = config.preprocessing;
      throw new FormatError(`${source}: unknown preprocessing ${String(never)}.`);
    }
  }
}
