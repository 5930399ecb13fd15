import { FormatError, formatShape, type TensorData } from '@a3/core';
import type { ParameterCollection } from '@a3/nn';
import packageJson from '../../package.json';
import {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  WEIGHTS_FILE,
  type JsonObject,
  type JsonValue,
  type ModelManifest,
} from '../format/manifest';
import { readModelDir, writeModelDir } from '../format/model-dir';
import { configFromJSON, configToJSON, type ResolvedConfig } from './config';
import { assembleNetworks, type Networks } from './networks';

export interface DetectorState {
  config: ResolvedConfig;
  nets: Networks;
  threshold: number | null;
  preprocessing: JsonValue;
  protocol: JsonValue;
  training: JsonObject;
}

function collections(nets: Networks): ParameterCollection[] {
  return [nets.target.params, nets.alarm.params, ...(nets.anomaly.params ? [nets.anomaly.params] : [])];
}

function allParams(nets: Networks): Map<string, TensorData> {
  const out = new Map<string, TensorData>();
  for (const c of collections(nets)) for (const [k, v] of c.entries()) out.set(k, v);
  return out;
}

export async function saveDetectorState(dir: string, s: DetectorState): Promise<void> {
  const params = allParams(s.nets);
  const manifest: ModelManifest = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    versions: { '@a3/model': packageJson.version },
    createdAt: new Date().toISOString(),
    inputShape: [...s.nets.inputShape],
    config: configToJSON(s.config),
    taps: s.nets.taps.map((t) => ({ ...t })),
    preprocessing: s.preprocessing,
    threshold: s.threshold,
    protocol: s.protocol,
    training: s.training,
    weights: {
      file: WEIGHTS_FILE,
      tensors: Object.fromEntries([...params].map(([k, v]) => [k, [...v.shape]])),
    },
  };
  await writeModelDir(dir, { manifest, tensors: Object.fromEntries(params) });
}

/**
 * Reads a model directory and rebuilds its networks from the stored config (through the
 * target/anomaly registries), then checks that the file's tensors are exactly what that
 * architecture needs before handing any of them to a backend.
 */
export async function loadDetectorState(dir: string): Promise<DetectorState> {
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
  const nets = assembleNetworks(config, manifest.inputShape);
  const expectedTaps = manifest.taps.map((t) => `${t.name}:${t.width}`).join(', ');
  const builtTaps = nets.taps.map((t) => `${t.name}:${t.width}`).join(', ');
  if (expectedTaps !== builtTaps) {
    throw new FormatError(
      `The model at ${dir} was saved with taps [${expectedTaps}] but target "${config.target}" now builds ` +
        `[${builtTaps}]. The target plugin changed since the model was saved; load it with the plugin version that wrote it.`,
    );
  }
  for (const c of collections(nets)) {
    for (const [name, expected] of c.entries()) {
      const t = tensors[name];
      if (!t || !(name in manifest.weights.tensors)) {
        throw new FormatError(
          `${source} has no tensor "${name}", which the architecture in a3.json needs. The weights file is from another model or incomplete.`,
        );
      }
      if (t.shape.join(',') !== expected.shape.join(',')) {
        throw new FormatError(
          `${source}: tensor "${name}" has shape ${formatShape(t.shape)} but the architecture needs ${formatShape(expected.shape)}.`,
        );
      }
      const bad = (t.data as Float32Array).findIndex((v) => !Number.isFinite(v));
      if (bad >= 0)
        throw new FormatError(
          `${source}: tensor "${name}" holds a non-finite value at index ${bad}; the file is corrupt.`,
        );
      c.set(name, t);
    }
  }
  return {
    config,
    nets,
    threshold: manifest.threshold,
    preprocessing: manifest.preprocessing,
    protocol: manifest.protocol,
    training: manifest.training,
  };
}
