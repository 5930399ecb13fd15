import { join, resolve } from 'node:path';
import { FormatError, type Backend } from '@a3/core';
import { MANIFEST_FILE, type JsonObject } from '../format/manifest';
import { readManifestText } from '../format/model-dir';
import { recoverModelDir } from '../format/recovery';
import { PluginRegistry } from '../plugins/registry';
import type { Detector } from './detector';

/** How a detector kind is created, loaded and described (one entry per registry name). */
export interface DetectorEntry {
  /** One line for listings: what it is and where it comes from. */
  description: string;
  /** Whether fit() needs known anomalies (label 1); callers skip it with a reason when there are none. */
  needsKnownAnomalies?: boolean;
  /** Whether it trains a network on a backend (false: pure JS, e.g. forests). */
  usesBackend: boolean;
  create(options?: JsonObject): Detector;
  load(dir: string, options?: { backend?: string | Backend }): Promise<Detector>;
}

const detectors = new PluginRegistry<DetectorEntry>(
  'detector',
  'Import the package that registers it (e.g. @a3/baselines), or call registerDetector(name, entry).',
  (e) =>
    e !== null && typeof e === 'object' && typeof e.create === 'function' && typeof e.load === 'function',
);

/** Adds a detector kind, the way targets are added (a plugin registers itself on import). */
export function registerDetector(
  name: string,
  entry: DetectorEntry,
  options: { override?: boolean } = {},
): void {
  detectors.register(name, entry, options);
}

export function unregisterDetector(name: string): boolean {
  return detectors.unregister(name);
}

/** The entry of a registered detector; an unknown name lists the registered ones. */
export function getDetector(name: string): DetectorEntry {
  return detectors.get(name);
}

export function listDetectors(): string[] {
  return detectors.list();
}

/** A new, unfitted detector of a registered kind. */
export function createDetector(name: string, options?: JsonObject): Detector {
  return getDetector(name).create(options);
}

/** The detector kind stored in a model directory's a3.json (models without one are A³ models). */
export async function detectorKindOf(dir: string): Promise<string> {
  const target = resolve(dir);
  const path = join(target, MANIFEST_FILE);
  await recoverModelDir(target).catch(() => undefined);
  const text = await readManifestText(target);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new FormatError(`${path} is not valid JSON (${(err as Error).message}); the file is corrupt.`, {
      cause: err,
    });
  }
  const kind = (json as { detector?: unknown } | null)?.detector;
  if (kind === undefined) return 'a3';
  if (typeof kind !== 'string') throw new FormatError(`${path}: "detector" must be a string.`);
  return kind;
}

/** Loads any saved detector: reads its kind from a3.json and hands the directory to that kind. */
export async function loadDetector(
  dir: string,
  options: { backend?: string | Backend } = {},
): Promise<Detector> {
  return getDetector(await detectorKindOf(dir)).load(dir, options);
}
