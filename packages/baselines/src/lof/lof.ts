import { InvalidArgumentError, TensorData, type Backend } from '@a3/core';
import {
  applyThreshold,
  DEFAULT_CONTAMINATION,
  readDetectorDir,
  resolveBackend,
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
import { storedTensor } from '../common/stored-tensors';
import { NearestNeighbours, type Neighbours } from './knn';

export interface LocalOutlierFactorOptions {
  /** Neighbours k (scikit-learn's n_neighbors; default 20, capped at n − 1). */
  nNeighbors?: number;
  /** Share of training rows the fitted threshold flags (default 0.1). */
  contamination?: number;
}

const KIND = 'lof';
const OPTIONS = ['nNeighbors', 'contamination'];
/** scikit-learn adds it to the mean reachability distance, so duplicates give a finite density. */
const LRD_EPSILON = 1e-10;

/** What fit learns: the training rows and, per row, its k-distance and local reachability density. */
interface LofState {
  train: Float32Array;
  n: number;
  k: number;
  /** Distance of each training row to its k-th nearest other training row. */
  kDistance: Float32Array;
  /** Local reachability density of each training row. */
  lrd: Float32Array;
}

/**
 * Local Outlier Factor (Breunig et al., SIGMOD 2000) in novelty mode, as scikit-learn's
 * `LocalOutlierFactor(n_neighbors=20, novelty=True)`: fit stores the training (normal) rows with
 * their k-distances and local reachability densities; the score of a new row is its LOF against
 * them — the mean ratio of its neighbours' densities to its own, scikit-learn's
 * `-score_samples`: ≈ 1 inside the data, larger = more anomalous. Exact k-NN: distance blocks
 * are matrix products on the backend, refined in float64 in JS (see NearestNeighbours).
 * The threshold flags `contamination` of the training rows by their own LOF (each row left out
 * of its neighbours, scikit-learn's `negative_outlier_factor_`).
 */
export class LocalOutlierFactor implements Detector {
  readonly kind = KIND;
  threshold: number | null = null;
  private readonly nNeighbors: number;
  private readonly contamination: number;
  private state: LofState | undefined;
  private shape: number[] = [];
  private backendRef: Backend | undefined;
  private knn: NearestNeighbours | undefined;
  private range: ScoreRange = { min: 0, max: 0 };

  constructor(options: LocalOutlierFactorOptions = {}) {
    const o = new DetectorOptions(KIND, options, OPTIONS);
    this.nNeighbors = o.int('nNeighbors', 20);
    this.contamination = o.between('contamination', DEFAULT_CONTAMINATION, 0, 1);
  }

  get fitted(): boolean {
    return this.state !== undefined;
  }

  /** The backend the distances run on. */
  get backend(): Backend | undefined {
    return this.backendRef;
  }

  async fit(data: DetectorFitData, options: DetectorFitOptions = {}): Promise<this> {
    const x = normalRows(data, KIND);
    const n = x.shape[0];
    if (n < 2) {
      throw new InvalidArgumentError(
        `${KIND}: fit needs at least 2 normal rows to have neighbours; got ${n}.`,
      );
    }
    const backend = await resolveBackend(options.backend);
    const d = x.size / n;
    // A copy: the model must not change when the caller later reuses its array.
    const train = x.data.slice();
    // scikit-learn: n_neighbors_ = max(1, min(n_neighbors, n_samples - 1)).
    const k = Math.min(this.nNeighbors, n - 1);
    const knn = new NearestNeighbours(backend, train, n, d);
    let nb: Neighbours;
    try {
      nb = await knn.search(train, n, k, true);
    } catch (err) {
      knn.dispose();
      throw err;
    }
    await options.onProgress?.({ phase: 'neighbours', fraction: 1, message: `${k} nearest of ${n} rows` });
    const kDistance = new Float64Array(n);
    for (let i = 0; i < n; i++) kDistance[i] = nb.distance[i * k + k - 1];
    const lrd = densities(nb, kDistance);
    const trainLof = outlierFactors(nb, lrd, lrd);
    this.dispose();
    this.state = { train, n, k, kDistance: Float32Array.from(kDistance), lrd: Float32Array.from(lrd) };
    this.shape = x.shape.slice(1);
    this.backendRef = backend;
    this.knn = knn;
    const fitted = await fittedThreshold(
      Float32Array.from(trainLof),
      (v) => this.score(v),
      this.contamination,
      options.validation,
    );
    this.threshold = fitted.threshold;
    this.range = fitted.range;
    return this;
  }

  /** LOF of each row against the training rows (scikit-learn's -score_samples). */
  async score(x: SampleInput): Promise<Float32Array> {
    const s = this.state;
    if (!s) throw notFitted(KIND, 'score');
    const rows = scoreRows(x, this.shape);
    const m = rows.shape[0];
    this.knn ??= new NearestNeighbours(this.backendRef!, s.train, s.n, s.train.length / s.n);
    const nb = await this.knn.search(rows.data, m, s.k);
    const kDistance = Float64Array.from(s.kDistance);
    const lrd = Float64Array.from(s.lrd);
    return Float32Array.from(outlierFactors(nb, lrd, densities(nb, kDistance)));
  }

  /** PyOD's name for score(). */
  decisionFunction(x: SampleInput): Promise<Float32Array> {
    return this.score(x);
  }

  /** LOFs scaled by the training rows' LOF range into [0, 1] (PyOD's 'linear' predict_proba). */
  async predictProba(x: SampleInput): Promise<Float32Array> {
    return probabilities(await this.score(x), this.range);
  }

  async predict(x: SampleInput): Promise<Uint8Array> {
    if (!this.state) throw notFitted(KIND, 'predict');
    return applyThreshold(await this.score(x), this.threshold, KIND);
  }

  /** Writes a3.json and the training rows, k-distances and densities in weights.safetensors. */
  async save(dir: string, options: SaveOptions = {}): Promise<void> {
    const s = this.state;
    if (!s) throw notFitted(KIND, 'save');
    await writeDetectorDir(
      dir,
      {
        detector: KIND,
        inputShape: this.shape,
        config: { nNeighbors: this.nNeighbors, contamination: this.contamination },
        threshold: this.threshold,
        state: { k: s.k, rows: s.n, scoreRange: [this.range.min, this.range.max] },
        tensors: {
          train: new TensorData([s.n, ...this.shape], 'float32', s.train),
          kDistance: TensorData.float32([s.n], s.kDistance),
          lrd: TensorData.float32([s.n], s.lrd),
        },
      },
      options,
    );
  }

  /** Loads a saved LOF; its distances run on `backend` (default the best available). */
  static async load(dir: string, options: { backend?: string | Backend } = {}): Promise<LocalOutlierFactor> {
    const { manifest, tensors } = await readDetectorDir(dir, KIND);
    const d = new LocalOutlierFactor(manifest.config as LocalOutlierFactorOptions);
    const train = storedTensor(tensors, 'train', 'float32', [-1, ...manifest.inputShape], dir);
    const n = tensors.train.shape[0];
    const k = Math.min(d.nNeighbors, n - 1);
    if (n < 2)
      throw new InvalidArgumentError(`${dir}: a LOF model needs at least 2 training rows; it has ${n}.`);
    d.state = {
      train,
      n,
      k,
      kDistance: storedTensor(tensors, 'kDistance', 'float32', [n], dir),
      lrd: storedTensor(tensors, 'lrd', 'float32', [n], dir),
    };
    d.shape = [...manifest.inputShape];
    d.threshold = manifest.threshold;
    d.range = storedScoreRange(manifest.state, dir);
    d.backendRef = await resolveBackend(options.backend);
    return d;
  }

  /** Releases the compiled distance graph (score() compiles it again). */
  dispose(): void {
    this.knn?.dispose();
    this.knn = undefined;
  }
}

/**
 * Local reachability densities of the query rows: 1 / (mean over neighbours o of
 * max(d(x, o), k-distance(o)) + 1e-10), scikit-learn's `_local_reachability_density`.
 */
function densities(nb: Neighbours, kDistance: Float64Array): Float64Array {
  const { k, index, distance } = nb;
  const rows = index.length / k;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = r * k; j < (r + 1) * k; j++) sum += Math.max(distance[j], kDistance[index[j]]);
    out[r] = 1 / (sum / k + LRD_EPSILON);
  }
  return out;
}

/** LOF: mean over neighbours of lrd(neighbour) / lrd(row) (scikit-learn's lrd_ratios_array mean). */
function outlierFactors(nb: Neighbours, trainLrd: Float64Array, queryLrd: Float64Array): Float64Array {
  const { k, index } = nb;
  const rows = index.length / k;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = r * k; j < (r + 1) * k; j++) sum += trainLrd[index[j]] / queryLrd[r];
    out[r] = sum / k;
  }
  return out;
}

export const LOF_ENTRY: DetectorEntry = {
  description: 'Local Outlier Factor (Breunig et al. 2000), novelty mode, k = 20, as scikit-learn',
  usesBackend: true,
  create: (options) => new LocalOutlierFactor(options as LocalOutlierFactorOptions),
  load: (dir, options) => LocalOutlierFactor.load(dir, options),
};
