import type { TensorData } from '@a3/core';
import type { TabularPreprocessor, ScalerKind } from '../preprocess/tabular-preprocessor';
import type { InvalidPolicy } from '../table/cells';
import type { EmnistSplit } from './emnist/splits';

export interface DatasetPart {
  /** Features: [rows, features] for tabular data, [rows, 28, 28, 1] (or [rows, 784] flattened) for images. */
  readonly x: TensorData<'float32'>;
  /** Class name of each row — what the split options (normal / known / testAnomalies) refer to. */
  readonly labels: readonly string[];
}

export interface LoadedDataset {
  readonly name: string;
  readonly train: DatasetPart;
  /** The data set's own test split, or a seeded stratified hold-out (`testFraction`, `seed`) of it. */
  readonly test: DatasetPart;
  /** All class names present, sorted, with their row counts over train + test. */
  readonly classCounts: Readonly<Record<string, number>>;
  /** Class(es) that are normal in the usual protocol for this data set. */
  readonly normalClasses: readonly string[];
  readonly featureNames?: readonly string[];
  /** Tabular recipes: the preprocessor fitted on the training rows (store it with the model). */
  readonly preprocessor?: TabularPreprocessor;
  /** Things a user should know about what was loaded (fallbacks taken, rows dropped). */
  readonly notes: readonly string[];
}

/** Options understood by the recipes; each recipe reads the ones that apply to it. */
export interface RecipeOptions {
  /** File or directory with the data (see each recipe's `files`). */
  readonly path?: string;
  /** Seed of the test hold-out for data sets without a test split. Default 0. */
  readonly seed?: number;
  /** Fraction held out as test data when the data set has no test split. Default 0.2. */
  readonly testFraction?: number;
  /** Images: [n, 784] instead of [n, 28, 28, 1]. */
  readonly flatten?: boolean;
  /** EMNIST: which split's files to read; default: the one whose files are in `path`. */
  readonly split?: EmnistSplit;
  /** NSL-KDD / CIC-IDS2018: label rows by attack family ('category', default) or by attack name. */
  readonly labels?: 'category' | 'attack';
  /** NSL-KDD: one-hot vocabulary — the full published one ('standard', 122 features) or the training file's. */
  readonly categories?: 'standard' | 'train';
  /** NSL-KDD: which training / test file to use. */
  readonly trainFile?: string;
  readonly testFile?: string;
  /** Generic CSV: the label column, and an optional separate test file. */
  readonly labelColumn?: string;
  readonly testPath?: string;
  /** CSV-based recipes: invalid-value policy (CIC-IDS2018 defaults to 'drop-row'), columns to drop or one-hot. */
  readonly onInvalid?: InvalidPolicy;
  readonly drop?: readonly string[];
  readonly categorical?: readonly string[];
  readonly delimiter?: string;
  /** CSV-based recipes: read at most this many rows per file (CIC-IDS2018 is 16 M rows). */
  readonly maxRows?: number;
  /** Tabular recipes: scaling fitted on train. Default 'minmax'. */
  readonly scaler?: ScalerKind;
  /** Compressed inputs (.npz, .gz IDX): the most bytes one read may inflate. Default 2 GiB, or the
   *  A3_MAX_INFLATED_BYTES environment variable. */
  readonly maxInflatedBytes?: number;
}

export interface Recipe {
  readonly name: string;
  readonly description: string;
  /** Where users get the data (public sources; a3 never ships or downloads it). */
  readonly source: string;
  /** Files the recipe expects under `path`. */
  readonly files: string;
  /** Class names usable in split options. */
  readonly classes: string;
  load(options?: RecipeOptions): Promise<LoadedDataset>;
}

export type RecipeInfo = Omit<Recipe, 'load'>;
