import type { A3DetectorConfig } from '@a3/model';

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
  /** Detector settings that reach good AUCs on this data in reasonable time (see docs/cli.md). */
  detector: A3DetectorConfig;
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

const DEFAULTS: Record<string, RecipeDefaults> = {
  'nsl-kdd': {
    path: 'dir',
    split: { normal: ['normal'], known: ['DoS', 'Probe'], testAnomalies: ['DoS', 'Probe', 'R2L', 'U2R'] },
    detector: NSL_KDD,
  },
  mnist: {
    path: 'optional-dir',
    pixelScale: 255,
    split: { normal: DIGITS.slice(0, 6), known: ['6', '7'], testAnomalies: DIGITS.slice(6) },
    detector: IMAGES,
  },
  'fashion-mnist': {
    path: 'dir',
    pixelScale: 255,
    split: {},
    detector: IMAGES,
  },
  // EMNIST letters or balanced (the recipe finds the split from the file names); no usual protocol.
  emnist: {
    path: 'dir',
    pixelScale: 255,
    split: {},
    detector: IMAGES,
  },
  creditcard: {
    path: 'either',
    extensions: ['.csv'],
    split: { normal: ['normal'], known: ['fraud'], testAnomalies: ['fraud'] },
    detector: TABULAR,
  },
  'cic-ids2018': { path: 'either', extensions: ['.csv'], split: { normal: ['Benign'] }, detector: TABULAR },
  adbench: {
    path: 'file',
    extensions: ['.npz'],
    split: { normal: ['normal'], known: ['anomaly'], testAnomalies: ['anomaly'] },
    detector: TABULAR,
  },
  // .parquet: read by @a3/parquet's recipe with the same options (dataset/recipe-for-file.ts).
  csv: { path: 'file', extensions: ['.csv', '.tsv', '.txt', '.parquet'], split: {}, detector: TABULAR },
};

/** Defaults for a recipe; recipes registered by plugins get tabular defaults and any path. */
export function recipeDefaults(name: string): RecipeDefaults {
  return DEFAULTS[name] ?? { path: 'either', split: {}, detector: TABULAR };
}

/** Whether the recipe's samples are images (so a dense target reads them flattened). */
export function isImageRecipe(name: string): boolean {
  return recipeDefaults(name).pixelScale !== undefined;
}
