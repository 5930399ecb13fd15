import type { A3DetectorConfig, A3PresetName } from '@a3/model';

/** How a recipe takes its data: a directory of files, one file, either, or nothing (bundled data). */
export type PathKind = 'dir' | 'file' | 'either' | 'optional-dir';

/** Split classes a recipe uses when the user names none (the paper's protocol where it has one). */
export interface SplitDefaults {
  normal?: readonly string[];
  known?: readonly string[];
  testAnomalies?: readonly string[];
}

export interface RecipeDefaults {
  path: PathKind;
  /** File name endings of the data files the recipe reads, where they are fixed (a stored path is checked against them). */
  extensions?: readonly string[];
  /** Images: the recipe divides pixels by this (stored so `a3 score` can read raw pixel CSVs). */
  pixelScale?: number;
  split: SplitDefaults;
  /** Detector settings per preset that reach good AUCs on this data in reasonable time (see docs/cli.md). */
  detector: RecipePresets;
}

/** A recipe's A³ settings for each preset (`--preset`; default DEFAULT_PRESET). */
export type RecipePresets = Readonly<Record<A3PresetName, A3DetectorConfig>>;

/** The preset `a3 train`, `a3 quickstart` and `a3 compare` use unless told otherwise. */
export const DEFAULT_PRESET: A3PresetName = 'robust';

/**
 * Both presets from a recipe's tuned paper settings. The CLI scales the data itself (min-max
 * fitted on training data, images ÷ 255), so the detector scales nothing again
 * (`preprocessing: 'none'`). `paper` is the recipe's settings as they were before presets;
 * `robust` is the robust preset (alarm step budget, hgb head + an unsupervised head chosen by the known anomalies
 * — its heads come from @a3/baselines, which the CLI imports) with the recipe's target network
 * and target training, so only the target differs between images and tables.
 */
function presets(paper: A3DetectorConfig): RecipePresets {
  return {
    paper: { ...paper, preset: 'paper', preprocessing: 'none' },
    robust: {
      preset: 'robust',
      ...(paper.target !== undefined ? { target: paper.target } : {}),
      ...(paper.targetTraining !== undefined ? { targetTraining: paper.targetTraining } : {}),
      ...(paper.stepsPerRun !== undefined ? { stepsPerRun: paper.stepsPerRun } : {}),
      preprocessing: 'none',
    },
  };
}

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * Alarm training for other tabular data: lr 1e-4 for 30 epochs converges on small data sets
 * (ADBench cardio: AUC-ROC 0.991 with 20 known anomalies), where the paper's lr 1e-5 would get
 * only a few hundred steps.
 */
const TABULAR: A3DetectorConfig = {
  target: 'dense-ae',
  targetTraining: { epochs: 30, batchSize: 256, learningRate: 1e-3 },
  alarmTraining: { epochs: 30, batchSize: 256, learningRate: 1e-4 },
  stepsPerRun: 10,
};

/**
 * Images as flattened 784-vectors through the dense autoencoder: on ONNX Runtime (CPU) a dense
 * target trains in seconds where the conv-ae takes minutes (pass --target conv-ae for the paper's).
 */
const IMAGES: A3DetectorConfig = {
  target: 'dense-ae',
  targetTraining: { epochs: 10, batchSize: 256, learningRate: 1e-3 },
  // Measured on MNIST 0–5 vs 6–9 (quickstart protocol, 16,000 normals, seeds 1–3): AUC-ROC
  // 0.914 / 0.914 / 0.932; 12 epochs on 8,000 normals took a third of the time but spread
  // wider (0.927 / 0.900 / 0.866).
  alarmTraining: { epochs: 24, batchSize: 256, learningRate: 3e-4 },
  stepsPerRun: 10,
};

/**
 * NSL-KDD: the paper's setup (alarm Adam 1e-5, 60 epochs, batch 256). Measured on
 * KDDTrain+_20Percent / KDDTest+, normal vs 100 known DoS/Probe, tested on all four families,
 * seeds 1–3: AUC-ROC 0.944 / 0.949 / 0.937 (median 0.944), ~220 s of CPU each. Faster settings
 * reach lower medians: lr 1e-4 × 30 epochs 0.907–0.940; lr 3e-5 × 30 epochs median 0.938;
 * batch 2048 with lr 1e-4 × 30 epochs median 0.939.
 */
const NSL_KDD: A3DetectorConfig = {
  target: 'dense-ae',
  targetTraining: { epochs: 30, batchSize: 256, learningRate: 1e-3 },
  alarmTraining: { epochs: 60, batchSize: 256, learningRate: 1e-5 },
  stepsPerRun: 10,
};

const TABULAR_PRESETS = presets(TABULAR);
const IMAGE_PRESETS = presets(IMAGES);

const DEFAULTS: Record<string, RecipeDefaults> = {
  'nsl-kdd': {
    path: 'dir',
    split: { normal: ['normal'], known: ['DoS', 'Probe'], testAnomalies: ['DoS', 'Probe', 'R2L', 'U2R'] },
    detector: presets(NSL_KDD),
  },
  mnist: {
    path: 'optional-dir',
    pixelScale: 255,
    split: { normal: DIGITS.slice(0, 6), known: ['6', '7'], testAnomalies: DIGITS.slice(6) },
    detector: IMAGE_PRESETS,
  },
  'fashion-mnist': {
    path: 'dir',
    pixelScale: 255,
    split: {},
    detector: IMAGE_PRESETS,
  },
  // EMNIST letters or balanced (the recipe finds the split from the file names); no usual protocol.
  emnist: {
    path: 'dir',
    pixelScale: 255,
    split: {},
    detector: IMAGE_PRESETS,
  },
  creditcard: {
    path: 'either',
    extensions: ['.csv'],
    split: { normal: ['normal'], known: ['fraud'], testAnomalies: ['fraud'] },
    detector: TABULAR_PRESETS,
  },
  'cic-ids2018': {
    path: 'either',
    extensions: ['.csv'],
    split: { normal: ['Benign'] },
    detector: TABULAR_PRESETS,
  },
  adbench: {
    path: 'file',
    extensions: ['.npz'],
    split: { normal: ['normal'], known: ['anomaly'], testAnomalies: ['anomaly'] },
    detector: TABULAR_PRESETS,
  },
  // .parquet: read by @a3/parquet's recipe with the same options (dataset/recipe-for-file.ts).
  csv: {
    path: 'file',
    extensions: ['.csv', '.tsv', '.txt', '.parquet'],
    split: {},
    detector: TABULAR_PRESETS,
  },
};

/** Defaults for a recipe; recipes registered by plugins get tabular defaults and any path. */
export function recipeDefaults(name: string): RecipeDefaults {
  return DEFAULTS[name] ?? { path: 'either', split: {}, detector: TABULAR_PRESETS };
}

/** Whether the recipe's samples are images (so a dense target reads them flattened). */
export function isImageRecipe(name: string): boolean {
  return recipeDefaults(name).pixelScale !== undefined;
}
