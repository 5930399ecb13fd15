// Registers the baselines (iforest, lof, ae, ...) on import; whatever is registered is comparable.
import '@a3/baselines';
import { InvalidArgumentError } from '@a3/core';
import { getDetector, listDetectors, type JsonObject } from '@a3/model';
import { recipeDefaults } from '../dataset/recipe-defaults';

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

/**
 * Detector specs from names ("a3,iforest"), default every registered one. An unknown name fails
 * at once with the registered ones listed, before any data is read.
 */
export function detectorSpecs(names: readonly string[] | undefined): DetectorSpec[] {
  const available = registeredDetectors();
  const chosen = names ?? available;
  for (const name of chosen) {
    if (!available.includes(name)) {
      throw new InvalidArgumentError(
        `unknown detector "${name.slice(0, 100)}". Available: ${available.join(', ')}.`,
      );
    }
  }
  return chosen.map((name) => ({ name, kind: name }));
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
 * The options a detector is created with: A³ gets the recipe's tuned defaults (as `a3 train`
 * uses them) under the spec's own options; other kinds get the spec's options as they are.
 */
export function detectorOptions(spec: DetectorSpec, recipe: string): JsonObject {
  if (spec.kind !== 'a3') return { ...(spec.options ?? {}) };
  const defaults = JSON.parse(JSON.stringify(recipeDefaults(recipe).detector)) as JsonObject;
  return { ...defaults, ...(spec.options ?? {}) };
}

/** Why a detector cannot run on a split with `nKnown` known anomalies, or null when it can. */
export function cannotRun(spec: DetectorSpec, nKnown: number): string | null {
  if (getDetector(spec.kind).needsKnownAnomalies && nKnown === 0) {
    return `${spec.kind} learns from labelled anomalies and this split has none (--n-known 0)`;
  }
  return null;
}
