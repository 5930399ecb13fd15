import { InvalidArgumentError } from '@a3/core';
import { adbenchRecipe } from './adbench/adbench';
import { cicIds2018Recipe } from './cic-ids2018/cic-ids2018';
import { creditcardRecipe } from './creditcard/creditcard';
import { csvRecipe } from './csv/csv-recipe';
import { emnistRecipe } from './emnist/emnist';
import { fashionMnistRecipe, mnistRecipe } from './mnist/mnist';
import { nslKddRecipe } from './nsl-kdd/nsl-kdd';
import type { Recipe, RecipeInfo } from './recipe';

const recipes = new Map<string, Recipe>(
  [
    nslKddRecipe,
    mnistRecipe,
    fashionMnistRecipe,
    emnistRecipe,
    creditcardRecipe,
    cicIds2018Recipe,
    adbenchRecipe,
    csvRecipe,
  ].map((r) => [r.name, r]),
);

/** A recipe by name; an unknown name fails with the list of known ones. */
export function getRecipe(name: string): Recipe {
  const r = recipes.get(name);
  if (!r) {
    throw new InvalidArgumentError(
      `Unknown dataset recipe "${name}". Known: ${[...recipes.keys()].join(', ')}. Add your own with registerRecipe().`,
    );
  }
  return r;
}

/** Name, description, data source, expected files and class names of every recipe. */
export function listRecipes(): RecipeInfo[] {
  return [...recipes.values()].map(({ name, description, source, files, classes }) => ({
    name,
    description,
    source,
    files,
    classes,
  }));
}

/** Adds a recipe (or replaces one of the same name, e.g. to point at a local mirror). */
export function registerRecipe(recipe: Recipe): void {
  if (!recipe.name || typeof recipe.load !== 'function') {
    throw new InvalidArgumentError('registerRecipe needs a recipe with a name and a load(options) function.');
  }
  recipes.set(recipe.name, recipe);
}
