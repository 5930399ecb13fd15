// Registers the baselines (iforest, lof, ae, ...) on import; whatever is registered is comparable.
import '@a3/baselines';
import { InvalidArgumentError } from '@a3/core';
import { a3Variants, getDetector, listDetectors, type A3PresetName, type JsonObject } from '@a3/model';
import { DEFAULT_PRESET, recipeDefaults } from '../dataset/recipe-defaults';

/** One row of a comparison: a registered detector kind with options, under a display name. */
export interface DetectorSpec {
  /** Row label (unique within a comparison), e.g. "a3" or "a3-paper". */
  readonly name: string;
  /** Registry name of the detector kind. */
  readonly kind: string;
  /** Options handed to createDetector; for kind "a3" laid over the recipe's tuned defaults. */
  readonly options?: JsonObject;
}

/** Every registered detector, in registry order. */
export function registeredDetectors(): string[] {
  return listDetectors();
}

/** Row name of an A³ variant of @a3/model's a3Variants(), e.g. "a3:paper", "a3:robust-no-hgb". */
const variantName = (v: string) => `a3:${v}`;

/**
 * The A³ variants other than the default (plain "a3" is the default preset): the other presets
 * and the default's ablations, as comparison rows.
 */
export function a3VariantSpecs(): DetectorSpec[] {
  return a3Variants()
    .filter((v) => v.name !== DEFAULT_PRESET)
    .map((v) => ({ name: variantName(v.name), kind: 'a3', options: v.config as JsonObject }));
}

/** A detector by name: an A³ variant ("a3:paper", "a3:robust", ...) or a registry name. */
export function specForName(name: string): DetectorSpec {
  const variant = a3Variants().find((v) => variantName(v.name) === name);
  return variant ? { name, kind: 'a3', options: variant.config as JsonObject } : { name, kind: name };
}

/**
 * Detector specs from names ("a3,iforest,a3:paper"), default every registered one. An unknown
 * name fails at once with the available ones listed, before any data is read.
 */
export function detectorSpecs(names: readonly string[] | undefined): DetectorSpec[] {
  const available = registeredDetectors();
  const specs = (names ?? available).map(specForName);
  for (const spec of specs) {
    if (!available.includes(spec.kind)) {
      const variants = a3Variants().map((v) => variantName(v.name));
      throw new InvalidArgumentError(
        `unknown detector "${spec.name.slice(0, 100)}". Available: ${available.join(', ')}; ` +
          `A³ variants: ${variants.join(', ')}.`,
      );
    }
  }
  return specs;
}

/** Checks a list of specs: registered kinds and unique names. */
export function checkDetectorSpecs(specs: readonly DetectorSpec[]): void {
  const available = registeredDetectors();
  const seen = new Set<string>();
  for (const s of specs) {
    if (!available.includes(s.kind)) {
      throw new InvalidArgumentError(
        `detector "${s.name}": unknown kind "${s.kind.slice(0, 100)}". Available: ${available.join(', ')}.`,
      );
    }
    if (seen.has(s.name)) throw new InvalidArgumentError(`detector "${s.name}" is listed twice.`);
    seen.add(s.name);
  }
}

/**
 * The options a detector is created with: A³ gets the recipe's tuned settings for the spec's
 * preset (default DEFAULT_PRESET, as `a3 train` uses them) under the spec's own options (its
 * training phases merged key by key); other kinds get the spec's options as they are.
 */
export function detectorOptions(spec: DetectorSpec, recipe: string): JsonObject {
  const own = spec.options ?? {};
  if (spec.kind !== 'a3') return { ...own };
  const preset = (typeof own.preset === 'string' ? own.preset : DEFAULT_PRESET) as A3PresetName;
  const presets = recipeDefaults(recipe).detector;
  if (!Object.hasOwn(presets, preset)) {
    throw new InvalidArgumentError(
      `detector "${spec.name}": preset "${preset.slice(0, 100)}" is not one of ${Object.keys(presets).join(', ')}.`,
    );
  }
  const defaults = JSON.parse(JSON.stringify(presets[preset])) as JsonObject;
  const merged: JsonObject = { ...defaults, ...own };
  for (const k of ['targetTraining', 'alarmTraining']) {
    const d = defaults[k];
    const o = own[k];
    if (isObject(d) && isObject(o)) merged[k] = { ...d, ...o };
  }
  return merged;
}

function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Why a detector cannot run on a split with `nKnown` known anomalies, or null when it can. */
export function cannotRun(spec: DetectorSpec, nKnown: number): string | null {
  if (getDetector(spec.kind).needsKnownAnomalies && nKnown === 0) {
    return `${spec.kind} learns from labelled anomalies and this split has none (--n-known 0)`;
  }
  return null;
}
