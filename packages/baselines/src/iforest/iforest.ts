import { FormatError, TensorData } from '@a3/core';
import {
  applyThreshold,
  DEFAULT_CONTAMINATION,
  readDetectorDir,
  writeDetectorDir,
  type Detector,
  type DetectorEntry,
  type DetectorFitData,
  type DetectorFitOptions,
  type SampleInput,
  type SaveOptions,
} from '@a3/model';
import { normalRows, notFitted, scoreRows } from '../common/fit-data';
import {
  fittedThreshold,
  probabilities,
  storedScoreRange,
  type ScoreRange,
} from '../common/fitted-threshold';
import { DetectorOptions } from '../common/options';
import { integerTensor, storedIntegers, storedTensor } from '../common/stored-tensors';
import { growForest, leafPathLengths, scoreForest, type Forest } from './forest';

export interface IsolationForestOptions {
  /** Trees (scikit-learn's n_estimators; default 100). */
  nEstimators?: number;
  /** Rows each tree is grown on (default min(256, n), scikit-learn's 'auto'; capped at n). */
  maxSamples?: number;
  /** Share of training rows the fitted threshold flags (default 0.1). */
  contamination?: number;
  /** Seed of the row subsamples, features and thresholds (default 0). */
  seed?: number;
}

const KIND = 'iforest';
const OPTIONS = ['nEstimators', 'maxSamples', 'contamination', 'seed'];
/** scikit-learn's max_samples='auto'. */
const AUTO_MAX_SAMPLES = 256;

/**
 * Isolation Forest (Liu, Ting & Zhou, ICDM 2008) with scikit-learn's semantics: 100 trees, each
 * on min(256, n) rows drawn without replacement, random feature and uniform threshold per node,
 * depth limit ceil(log2(max_samples)), path lengths with the c(n) correction at leaves. The score
 * 2^(−E[h(x)] / c(max_samples)) is scikit-learn's `-score_samples`: higher = more anomalous, in
 * (0, 1]. Pure JS (no backend); fits on the normal rows (y = 0).
 */
export class IsolationForest implements Detector {
  readonly kind = KIND;
  threshold: number | null = null;
  private readonly nEstimators: number;
  private readonly maxSamples: number | undefined;
  private readonly contamination: number;
  private seed: number;
  private forest: Forest | undefined;
  private leafValue: Float64Array | undefined;
  private shape: number[] = [];
  private range: ScoreRange = { min: 0, max: 0 };

  constructor(options: IsolationForestOptions = {}) {
    const o = new DetectorOptions(KIND, options, OPTIONS);
    this.nEstimators = o.int('nEstimators', 100);
    this.maxSamples = o.optionalInt('maxSamples');
    this.contamination = o.between('contamination', DEFAULT_CONTAMINATION, 0, 1);
    this.seed = o.int('seed', 0, 0);
  }

  get fitted(): boolean {
    return this.forest !== undefined;
  }

  /** Shape of one sample the forest was fitted on. */
  get inputShape(): number[] {
    if (!this.forest) throw notFitted(KIND, 'inputShape');
    return [...this.shape];
  }

  async fit(data: DetectorFitData, options: DetectorFitOptions = {}): Promise<this> {
    const x = normalRows(data, KIND);
    const seed = options.seed ?? this.seed;
    const n = x.shape[0];
    const d = x.size / n;
    const maxSamples = Math.min(this.maxSamples ?? AUTO_MAX_SAMPLES, n);
    const forest = growForest(x.data, n, d, { nTrees: this.nEstimators, maxSamples, seed });
    const leafValue = leafPathLengths(forest);
    await options.onProgress?.({ phase: 'trees', fraction: 1, message: `${this.nEstimators} trees` });
    this.forest = forest;
    this.leafValue = leafValue;
    this.shape = x.shape.slice(1);
    this.seed = seed;
    const trainScores = scoreForest(forest, leafValue, x.data, n);
    const fitted = await fittedThreshold(
      trainScores,
      (v) => this.score(v),
      this.contamination,
      options.validation,
    );
    this.threshold = fitted.threshold;
    this.range = fitted.range;
    return this;
  }

  async score(x: SampleInput): Promise<Float32Array> {
    if (!this.forest || !this.leafValue) throw notFitted(KIND, 'score');
    const rows = scoreRows(x, this.shape);
    return scoreForest(this.forest, this.leafValue, rows.data, rows.shape[0]);
  }

  /** PyOD's name for score(). */
  decisionFunction(x: SampleInput): Promise<Float32Array> {
    return this.score(x);
  }

  /** Scores scaled by the training scores' range into [0, 1] (PyOD's 'linear' predict_proba). */
  async predictProba(x: SampleInput): Promise<Float32Array> {
    return probabilities(await this.score(x), this.range);
  }

  async predict(x: SampleInput): Promise<Uint8Array> {
    if (!this.forest) throw notFitted(KIND, 'predict');
    return applyThreshold(await this.score(x), this.threshold, KIND);
  }

  /**
   * Writes a3.json (options, threshold) and the trees as flat tensors in weights.safetensors
   * (indices and counts as float32, exact below 2^24, as the model format stores only F32).
   */
  async save(dir: string, options: SaveOptions = {}): Promise<void> {
    const f = this.forest;
    if (!f) throw notFitted(KIND, 'save');
    const nodes = f.feature.length;
    const nTrees = f.treeStart.length - 1;
    await writeDetectorDir(
      dir,
      {
        detector: KIND,
        inputShape: this.shape,
        config: {
          nEstimators: this.nEstimators,
          maxSamples: this.maxSamples ?? null,
          contamination: this.contamination,
          seed: this.seed,
        },
        threshold: this.threshold,
        state: {
          maxSamples: f.maxSamples,
          trees: nTrees,
          nodes,
          scoreRange: [this.range.min, this.range.max],
        },
        tensors: {
          treeStart: integerTensor(f.treeStart),
          feature: integerTensor(f.feature),
          threshold: TensorData.float32([nodes], f.threshold),
          left: integerTensor(f.left),
          size: integerTensor(f.size),
        },
      },
      options,
    );
  }

  static async load(dir: string): Promise<IsolationForest> {
    const { manifest, tensors } = await readDetectorDir(dir, KIND);
    const d = new IsolationForest(manifest.config as IsolationForestOptions);
    const state = manifest.state as { maxSamples?: unknown } | null;
    const maxSamples = state?.maxSamples;
    if (!Number.isInteger(maxSamples) || (maxSamples as number) < 1) {
      throw new FormatError(`${dir}: a3.json "state.maxSamples" must be a positive integer.`);
    }
    const treeStart = storedIntegers(tensors, 'treeStart', [d.nEstimators + 1], dir);
    const nodes = treeStart[d.nEstimators];
    const forest: Forest = {
      nFeatures: manifest.inputShape.reduce((a, b) => a * b, 1),
      maxSamples: maxSamples as number,
      treeStart,
      feature: storedIntegers(tensors, 'feature', [nodes], dir, -1),
      threshold: storedTensor(tensors, 'threshold', 'float32', [nodes], dir),
      left: storedIntegers(tensors, 'left', [nodes], dir, -1),
      size: storedIntegers(tensors, 'size', [nodes], dir),
    };
    checkForest(forest, dir);
    d.forest = forest;
    d.leafValue = leafPathLengths(forest);
    d.shape = [...manifest.inputShape];
    d.threshold = manifest.threshold;
    d.range = storedScoreRange(manifest.state, dir);
    return d;
  }

  dispose(): void {
    // Nothing held outside the JS heap.
  }
}

/**
 * Checks that stored trees can be walked: every split's feature is a column of the data and its
 * children lie after it inside the same tree (so every walk ends, in bounds).
 */
function checkForest(f: Forest, dir: string): void {
  const nTrees = f.treeStart.length - 1;
  for (let t = 0; t < nTrees; t++) {
    const start = f.treeStart[t];
    const end = f.treeStart[t + 1];
    if (!(start < end) || end > f.feature.length || (t === 0 && start !== 0)) {
      throw new FormatError(`${dir}: tree ${t} has an invalid node range [${start}, ${end}).`);
    }
    for (let i = start; i < end; i++) {
      const feature = f.feature[i];
      const bad =
        feature === -1
          ? f.size[i] < 0
          : feature < 0 || feature >= f.nFeatures || f.left[i] <= i || f.left[i] + 1 >= end;
      if (bad)
        throw new FormatError(
          `${dir}: node ${i} of tree ${t} is corrupt (feature ${feature}, left ${f.left[i]}).`,
        );
    }
  }
}

export const IFOREST_ENTRY: DetectorEntry = {
  description: 'Isolation Forest (Liu et al. 2008), scikit-learn semantics: 100 trees on min(256, n) rows',
  usesBackend: false,
  create: (options) => new IsolationForest(options as IsolationForestOptions),
  load: (dir) => IsolationForest.load(dir),
};
