import { getRecipe, type Recipe } from '@a3/data';
import { isParquetPath, parquetRecipe } from '@a3/parquet';

/**
 * The recipe that reads `path`: `--dataset csv` with a `.parquet` file reads it with @a3/parquet's
 * recipe (same options, same split and preprocessing for the same rows), so users need not learn
 * another recipe name for another file format. The stored protocol keeps "csv" and the path, so
 * `a3 evaluate` takes the same route.
 */
export function recipeForFile(name: string, path: string | undefined): Recipe {
  if (name === 'csv' && path !== undefined && isParquetPath(path)) return parquetRecipe;
  return getRecipe(name);
}
