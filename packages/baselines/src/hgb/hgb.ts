import { FormatError, InvalidArgumentError, TensorData, UnsuitableDataError } from '@a3/core';
import {
  applyThreshold,
  checkLabels,
  checkSamples,
  contaminationThreshold,
  readDetectorDir,
  writeDetectorDir,
  type Detector,
  type DetectorEntry,
  type DetectorFitData,
  type DetectorFitOptions,
  type JsonObject,
  type SampleInput,
  type SaveOptions,
} from '@a3/model';
import { notFitted, scoreRows } from '../common/fit-data';
import { DetectorOptions } from '../common/options';
import { integerTensor, storedIntegers, storedTensor } from '../common/stored-tensors';
import { boost, type BoostingParams } from './boosting';
import { checkTrees, flattenTrees, predictRaw, type BoostedTrees } from './trees';

export interface HistGradientBoostingOptions {
  /** Shrinkage of every leaf value (default 0.1). */
  learningRate?: number;
  /** Boosting iterations, one tree each (default 100). */
  maxIter?: number;
  /** Leaves per tree (default 31). */
  maxLeafNodes?: number;
  /** Depth limit, root = 0 (default none). */
  maxDepth?: number | null;
  /** Rows a leaf needs at least (default 20). */
  minSamplesLeaf?: number;
  /** L2 penalty λ on leaf values −G / (H + λ) (default 0). */
  l2Regularization?: number;
  /** Bins per feature, 2..255 (default 255). */
  maxBins?: number;
  /** 'auto' (default): on above 10,000 rows, as scikit-learn. */
  earlyStopping?: 'auto' | boolean;
  /** Share of rows held out (stratified) for early stopping (default 0.1). */
  validationFraction?: number;
  /** Stop when this many iterations bring no improvement (default 10). */
  nIterNoChange?: number;
  /** What counts as an improvement of the validation score (default 1e-7). */
  tol?: number;
  /**
   * When set, the fitted threshold flags this share of the training rows (the other detectors'
   * habit); when absent it is 0 log-odds, scikit-learn's predict (anomaly probability ≥ ½).
   */
  contamination?: number | null;
  /** Seed of the early-stopping split and of the binning subsample (default 0). */
  seed?: number;
}

const KIND = 'hgb';
const OPTIONS = [
  'learningRate',
  'maxIter',
  'maxLeafNodes',
  'maxDepth',
  'minSamplesLeaf',
  'l2Regularization',
  'maxBins',
  'earlyStopping',
  'validationFraction',
  'nIterNoChange',
  'tol',
  'contamination',
  'seed',
];

/**
 * Histogram gradient boosting classifier on the known labels, with the semantics of
 * scikit-learn's `HistGradientBoostingClassifier(class_weight="balanced")` for binary labels
 * (binning, best-first trees, balanced class weights, early stopping 'auto'; see boost()). The
 * score is the raw decision function, the anomaly log-odds (higher = more anomalous). Pure JS (no
 * backend); needs known anomalies (fit throws UnsuitableDataError without, or with no normal row).
 */
export class HistGradientBoosting implements Detector {
  readonly kind = KIND;
  threshold: number | null = null;
  private readonly params: BoostingParams;
  private readonly contamination: number | undefined;
  private seed: number;
  private trees: BoostedTrees | undefined;
  private baseline = 0;
  private shape: number[] = [];
  private summary: JsonObject = {};

  constructor(options: HistGradientBoostingOptions = {}) {
    const o = new DetectorOptions(KIND, options, OPTIONS);
    this.params = {
      learningRate: o.between('learningRate', 0.1, 0, Infinity),
      maxIter: o.int('maxIter', 100),
      maxLeafNodes: o.int('maxLeafNodes', 31, 2),
      maxDepth: o.optionalInt('maxDepth') ?? null,
      minSamplesLeaf: o.int('minSamplesLeaf', 20),
      l2Regularization: o.atLeast('l2Regularization', 0, 0),
      maxBins: o.intIn('maxBins', 255, 2, 255),
      earlyStopping: o.oneOf<'auto' | boolean>('earlyStopping', 'auto', ['auto', true, false]),
      validationFraction: o.between('validationFraction', 0.1, 0, 1),
      nIterNoChange: o.int('nIterNoChange', 10),
      tol: o.atLeast('tol', 1e-7, 0),
    };
    this.contamination = o.optionalBetween('contamination', 0, 1);
    this.seed = o.int('seed', 0, 0);
  }

  get fitted(): boolean {
    return this.trees !== undefined;
  }

  /** Shape of one sample the model was fitted on. */
  get inputShape(): number[] {
    if (!this.trees) throw notFitted(KIND, 'inputShape');
    return [...this.shape];
  }

  /** What the last fit did: trees grown, early stopping, validation scores, samples. */
  get training(): JsonObject {
    return JSON.parse(JSON.stringify(this.summary)) as JsonObject;
  }

  async fit(data: DetectorFitData, options: DetectorFitOptions = {}): Promise<this> {
    if (!data || typeof data !== 'object') {
      throw new InvalidArgumentError(`${KIND}.fit(data): pass { x, y } (y: 1 = known anomaly).`);
    }
    const x = checkSamples(data.x, 'train.x');
    const n = x.shape[0];
    const d = x.size / n;
    const y = data.y === undefined ? new Uint8Array(n) : checkLabels(data.y, n, 'train.y');
    const known = y.reduce((s, v) => s + v, 0);
    if (known === 0) {
      throw new UnsuitableDataError(
        `${KIND} learns from labelled anomalies, but train.y marks none (no 1s). ` +
          'Label the known anomalies 1, or use a detector that needs none (iforest, lof, ae, deepsad, dagmm, a3).',
      );
    }
    if (known === n) {
      throw new UnsuitableDataError(
        `train.y marks all ${n} rows as known anomalies; ${KIND} is a classifier and also needs normal rows (label 0).`,
      );
    }
    const seed = options.seed ?? this.seed;
    const boosted = await boost(x.data, n, d, y, this.params, seed, (k) =>
      options.onProgress?.({ phase: 'trees', fraction: k / this.params.maxIter, message: `${k} trees` }),
    );
    this.trees = flattenTrees(boosted.trees, boosted.mapper, d);
    this.baseline = boosted.baseline;
    this.shape = x.shape.slice(1);
    this.seed = seed;
    this.threshold =
      this.contamination === undefined
        ? 0
        : contaminationThreshold(predictRaw(this.trees, this.baseline, x.data, n), this.contamination);
    this.summary = {
      trees: boosted.trees.length,
      earlyStopping: boosted.earlyStopping,
      validationScores: boosted.validationScores,
      samples: { total: n, normal: n - known, knownAnomalies: known },
    };
    return this;
  }

  /** The anomaly log-odds of each row (scikit-learn's decision_function). */
  async score(x: SampleInput): Promise<Float32Array> {
    if (!this.trees) throw notFitted(KIND, 'score');
    const rows = scoreRows(x, this.shape);
    return predictRaw(this.trees, this.baseline, rows.data, rows.shape[0]);
  }

  /** PyOD's name for score(). */
  decisionFunction(x: SampleInput): Promise<Float32Array> {
    return this.score(x);
  }

  /** The anomaly probability σ(log-odds) (scikit-learn's predict_proba[:, 1]). */
  async predictProba(x: SampleInput): Promise<Float32Array> {
    return (await this.score(x)).map((s) => 1 / (1 + Math.exp(-s)));
  }

  async predict(x: SampleInput): Promise<Uint8Array> {
    if (!this.trees) throw notFitted(KIND, 'predict');
    return applyThreshold(await this.score(x), this.threshold, KIND);
  }

  /**
   * Writes a3.json (options, threshold, baseline) and the trees as flat tensors in
   * weights.safetensors (indices as float32, exact below 2^24, as the model format stores only F32).
   */
  async save(dir: string, options: SaveOptions = {}): Promise<void> {
    const t = this.trees;
    if (!t) throw notFitted(KIND, 'save');
    const nodes = t.feature.length;
    await writeDetectorDir(
      dir,
      {
        detector: KIND,
        inputShape: this.shape,
        config: { ...this.params, contamination: this.contamination ?? null, seed: this.seed },
        threshold: this.threshold,
        training: this.summary,
        state: { baseline: this.baseline, trees: t.treeStart.length - 1, nodes },
        tensors: {
          treeStart: integerTensor(t.treeStart),
          feature: integerTensor(t.feature),
          threshold: TensorData.float32([nodes], t.threshold),
          left: integerTensor(t.left),
          right: integerTensor(t.right),
          value: TensorData.float32([nodes], t.value),
        },
      },
      options,
    );
  }

  static async load(dir: string): Promise<HistGradientBoosting> {
    const { manifest, tensors } = await readDetectorDir(dir, KIND);
    const d = new HistGradientBoosting(manifest.config as HistGradientBoostingOptions);
    const state = manifest.state as { baseline?: unknown; trees?: unknown } | null;
    const baseline = state?.baseline;
    const nTrees = state?.trees;
    if (typeof baseline !== 'number' || !Number.isFinite(baseline)) {
      throw new FormatError(`${dir}: a3.json "state.baseline" must be a finite number.`);
    }
    if (!Number.isInteger(nTrees) || (nTrees as number) < 1) {
      throw new FormatError(`${dir}: a3.json "state.trees" must be a positive integer.`);
    }
    const treeStart = storedIntegers(tensors, 'treeStart', [(nTrees as number) + 1], dir);
    const nodes = treeStart[nTrees as number];
    const trees: BoostedTrees = {
      nFeatures: manifest.inputShape.reduce((a, b) => a * b, 1),
      treeStart,
      feature: storedIntegers(tensors, 'feature', [nodes], dir, -1),
      threshold: storedTensor(tensors, 'threshold', 'float32', [nodes], dir),
      left: storedIntegers(tensors, 'left', [nodes], dir, -1),
      right: storedIntegers(tensors, 'right', [nodes], dir, -1),
      value: storedTensor(tensors, 'value', 'float32', [nodes], dir),
    };
    checkTrees(trees, dir);
    d.trees = trees;
    d.baseline = baseline;
    d.shape = [...manifest.inputShape];
    d.threshold = manifest.threshold;
    d.summary = manifest.training;
    return d;
  }

  dispose(): void {
    // Nothing held outside the JS heap.
  }
}

export const HGB_ENTRY: DetectorEntry = {
  description:
    'Histogram gradient boosting classifier on the known anomalies, scikit-learn HistGradientBoostingClassifier(class_weight="balanced") semantics',
  needsKnownAnomalies: true,
  usesBackend: false,
  create: (options) => new HistGradientBoosting(options as HistGradientBoostingOptions),
  load: (dir) => HistGradientBoosting.load(dir),
};
