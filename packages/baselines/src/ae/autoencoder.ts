import { FormatError, InvalidArgumentError, TensorData, type Backend } from '@a3/core';
import {
  applyThreshold,
  createTarget,
  DEFAULT_CONTAMINATION,
  readDetectorDir,
  resolveBackend,
  TARGET_TRAINING_DEFAULTS,
  writeDetectorDir,
  type Detector,
  type DetectorEntry,
  type DetectorFitData,
  type DetectorFitOptions,
  type DetectorProgress,
  type JsonObject,
  type SampleInput,
  type SaveOptions,
  type TargetNetwork,
} from '@a3/model';
import { ParameterCollection, seedFor } from '@a3/nn';
import { adam, DEFAULT_STEPS_PER_RUN, fit, type ProgressEvent } from '@a3/train';
import { normalRows, notFitted, scoreRows } from '../common/fit-data';
import {
  fittedThreshold,
  probabilities,
  storedScoreRange,
  type ScoreRange,
} from '../common/fitted-threshold';
import { DetectorOptions } from '../common/options';
import { storedTensor } from '../common/stored-tensors';
import { MinMax } from './min-max';
import { isReconstruction, ReconstructionScorer } from './reconstruction';

export interface AutoencoderOptions {
  /** A registered target that reconstructs its input (default 'dense-ae'; also 'conv-ae'). */
  target?: string;
  /** The target's options, as A3Detector's targetOptions (e.g. { encoder: [64, 32, 16] }). */
  targetOptions?: JsonObject;
  /** Training as A³'s target phase: 30 epochs, batch 256, Adam lr 1e-3 by default. */
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** 'min-max' (default): scale by the training rows' range first, as A3Detector; 'none': x as given. */
  preprocessing?: 'min-max' | 'none';
  /** Seed of the initial weights, shuffles and dropout (default 0). */
  seed?: number;
  /** Share of training rows the fitted threshold flags (default 0.1). */
  contamination?: number;
  /** Rows per backend call in score() (default 1024). */
  scoreBatchSize?: number;
  /** Training steps per backend call where the backend fuses steps (default as @a3/train's fit). */
  stepsPerRun?: number;
}

const KIND = 'ae';
const OPTIONS = [
  'target',
  'targetOptions',
  'epochs',
  'batchSize',
  'learningRate',
  'preprocessing',
  'seed',
  'contamination',
  'scoreBatchSize',
  'stepsPerRun',
];
/** Parameter scope and seed names of A3Detector's target: same seed, same initial weights and shuffles. */
const SCOPE = 'target';

/** An already trained target to wrap (see autoencoderOfA3Model). */
export interface TrainedTarget {
  target: TargetNetwork;
  inputShape: readonly number[];
  scaler: MinMax | null;
  backend: Backend;
  options: AutoencoderOptions;
}

/**
 * The autoencoder baseline: A³'s target network alone — the `dense-ae` target trained exactly
 * as A3Detector trains it (same architecture, defaults, seeds and scaling) on the normal rows
 * (y = 0) — scoring each row by its mean squared reconstruction error (higher = more
 * anomalous). Runs on any backend.
 */
export class AutoencoderDetector implements Detector {
  readonly kind = KIND;
  threshold: number | null = null;
  private readonly options: Required<Omit<AutoencoderOptions, 'targetOptions'>> & {
    targetOptions: JsonObject;
  };
  private target: TargetNetwork | undefined;
  private scaler: MinMax | null = null;
  private shape: number[] = [];
  private backendRef: Backend | undefined;
  private scorer: Promise<ReconstructionScorer> | undefined;
  private summary: JsonObject = {};
  private range: ScoreRange | null = null;

  constructor(options: AutoencoderOptions = {}) {
    const o = new DetectorOptions(KIND, options, OPTIONS);
    const preprocessing = o.string('preprocessing', 'min-max');
    if (preprocessing !== 'min-max' && preprocessing !== 'none') {
      throw new InvalidArgumentError(
        `${KIND}: preprocessing must be 'min-max' or 'none'; got "${preprocessing.slice(0, 40)}".`,
      );
    }
    this.options = {
      target: o.string('target', 'dense-ae'),
      targetOptions: o.object('targetOptions'),
      epochs: o.int('epochs', TARGET_TRAINING_DEFAULTS.epochs),
      batchSize: o.int('batchSize', TARGET_TRAINING_DEFAULTS.batchSize),
      learningRate: o.between('learningRate', TARGET_TRAINING_DEFAULTS.learningRate, 0, Infinity),
      preprocessing,
      seed: o.int('seed', 0, 0),
      contamination: o.between('contamination', DEFAULT_CONTAMINATION, 0, 1),
      scoreBatchSize: o.int('scoreBatchSize', 1024),
      stepsPerRun: o.int('stepsPerRun', DEFAULT_STEPS_PER_RUN),
    };
  }

  get fitted(): boolean {
    return this.target !== undefined;
  }

  /** The backend it trained or was loaded on. */
  get backend(): Backend | undefined {
    return this.backendRef;
  }

  /** Shape of one sample the autoencoder was fitted on. */
  get inputShape(): number[] {
    if (!this.target) throw notFitted(KIND, 'inputShape');
    return [...this.shape];
  }

  /** A fitted detector around a target trained elsewhere (e.g. an A³ model's own target). */
  static fromTrained(t: TrainedTarget): AutoencoderDetector {
    const d = new AutoencoderDetector(t.options);
    if (!isReconstruction(t.target, t.inputShape)) {
      throw new InvalidArgumentError(`${KIND}: target "${d.options.target}" does not reconstruct its input.`);
    }
    d.target = t.target;
    d.scaler = t.scaler;
    d.shape = [...t.inputShape];
    d.backendRef = t.backend;
    return d;
  }

  async fit(data: DetectorFitData, options: DetectorFitOptions = {}): Promise<this> {
    const x = normalRows(data, KIND);
    const shape = x.shape.slice(1);
    const seed = options.seed ?? this.options.seed;
    const backend = await resolveBackend(options.backend);
    const scaler = this.options.preprocessing === 'min-max' ? MinMax.fit(x) : null;
    const xs = scaler ? scaler.transform(x) : x;
    const target = this.buildTarget(shape, seed, new ParameterCollection());
    const { epochs, batchSize, learningRate, stepsPerRun } = this.options;
    const report = options.onProgress;
    const history = await fit({
      backend,
      params: target.params,
      buildLoss: ({ x: batch, training }) =>
        target.loss(target.apply(batch, { training, trainable: true }), batch),
      data: { x: xs },
      epochs,
      batchSize,
      optimizer: adam({ lr: learningRate }),
      seed: seedFor(seed, `shuffle/${SCOPE}`),
      stepsPerRun,
      ...(report ? { onProgress: (e: ProgressEvent) => report(progressOf(e)) } : {}),
    });
    this.dispose();
    this.target = target;
    this.scaler = scaler;
    this.shape = shape;
    this.backendRef = backend;
    this.options.seed = seed;
    this.summary = {
      epochs: history.epochs,
      finalLoss: history.loss[history.loss.length - 1] ?? null,
      samples: x.shape[0],
      backend: backend.name,
    };
    const fitted = await fittedThreshold(
      await this.errors(xs),
      (v) => this.score(v),
      this.options.contamination,
      options.validation,
    );
    this.threshold = fitted.threshold;
    this.range = fitted.range;
    return this;
  }

  /** Mean squared reconstruction error of each row (after the fitted scaling). */
  async score(x: SampleInput): Promise<Float32Array> {
    if (!this.target) throw notFitted(KIND, 'score');
    const rows = scoreRows(x, this.shape);
    return this.errors(this.scaler ? this.scaler.transform(rows) : rows);
  }

  /** PyOD's name for score(). */
  decisionFunction(x: SampleInput): Promise<Float32Array> {
    return this.score(x);
  }

  /**
   * Errors scaled by the training errors' range into [0, 1] (PyOD's 'linear' predict_proba).
   * A wrapped A³ target (autoencoderOfA3Model) has no training range: fit or set one first.
   */
  async predictProba(x: SampleInput): Promise<Float32Array> {
    if (!this.target) throw notFitted(KIND, 'predictProba');
    if (!this.range) {
      throw new InvalidArgumentError(
        `predictProba of this ${KIND} detector needs the training errors' range, which a target taken from an A³ model does not have; use score().`,
      );
    }
    return probabilities(await this.score(x), this.range);
  }

  async predict(x: SampleInput): Promise<Uint8Array> {
    if (!this.target) throw notFitted(KIND, 'predict');
    return applyThreshold(await this.score(x), this.threshold, KIND);
  }

  /** Writes a3.json (options, scaling, threshold) and the target's weights. */
  async save(dir: string, options: SaveOptions = {}): Promise<void> {
    if (!this.target) throw notFitted(KIND, 'save');
    await writeDetectorDir(
      dir,
      {
        detector: KIND,
        inputShape: this.shape,
        config: { ...this.options },
        threshold: this.threshold,
        training: this.summary,
        state: {
          inputScaler: this.scaler ? { ...this.scaler.toJSON() } : null,
          scoreRange: this.range ? [this.range.min, this.range.max] : null,
        },
        tensors: this.target.params.toRecord(),
      },
      options,
    );
  }

  /** Loads a saved autoencoder onto `backend` (default the best available). */
  static async load(dir: string, options: { backend?: string | Backend } = {}): Promise<AutoencoderDetector> {
    const { manifest, tensors } = await readDetectorDir(dir, KIND);
    const d = new AutoencoderDetector(manifest.config as AutoencoderOptions);
    const shape = [...manifest.inputShape];
    // Building probes the target, which initialises every weight it needs: each must be in the file.
    const target = d.buildTarget(shape, d.options.seed, new ParameterCollection());
    for (const [name, init] of target.params.entries()) {
      const data = storedTensor(tensors, name, 'float32', init.shape, dir);
      target.params.set(name, new TensorData(init.shape, 'float32', data));
    }
    const extra = Object.keys(tensors).find((name) => !target.params.has(name));
    if (extra !== undefined) {
      throw new FormatError(
        `${dir}: tensor "${extra.slice(0, 100)}" is not part of the target's architecture.`,
      );
    }
    const scaling = (manifest.state as { inputScaler?: unknown } | null)?.inputScaler ?? null;
    const width = shape.reduce((a, b) => a * b, 1);
    d.scaler = scaling === null ? null : MinMax.fromJSON(scaling, width, dir);
    d.target = target;
    d.shape = shape;
    d.threshold = manifest.threshold;
    d.summary = manifest.training;
    const stored = (manifest.state as { scoreRange?: unknown } | null)?.scoreRange ?? null;
    d.range = stored === null ? null : storedScoreRange(manifest.state, dir);
    d.backendRef = await resolveBackend(options.backend);
    return d;
  }

  /** Releases the compiled score graph (score() compiles it again). */
  dispose(): void {
    const s = this.scorer;
    this.scorer = undefined;
    s?.then(
      (scorer) => scorer.dispose(),
      () => undefined,
    );
  }

  private buildTarget(shape: readonly number[], seed: number, params: ParameterCollection): TargetNetwork {
    const target = createTarget(this.options.target, {
      inputShape: shape,
      seed: seedFor(seed, SCOPE),
      options: this.options.targetOptions,
      scope: SCOPE,
      params,
    });
    if (!isReconstruction(target, shape)) {
      throw new InvalidArgumentError(
        `${KIND}: target "${this.options.target}" does not reconstruct its input (its output has another shape), ` +
          "so it has no reconstruction error. Use an autoencoder target such as 'dense-ae' or 'conv-ae'.",
      );
    }
    return target;
  }

  private async errors(x: TensorData<'float32'>): Promise<Float32Array> {
    if (!this.scorer) {
      const p = ReconstructionScorer.compile(this.backendRef!, this.target!, this.shape);
      this.scorer = p;
      p.catch(() => {
        if (this.scorer === p) this.scorer = undefined;
      });
    }
    return (await this.scorer).score(x, this.options.scoreBatchSize);
  }
}

function progressOf(e: ProgressEvent): DetectorProgress {
  const done = (e.epoch - 1) * e.stepsPerEpoch + (e.type === 'epoch' ? e.stepsPerEpoch : e.step);
  return {
    phase: 'target',
    fraction: done / (e.epochs * e.stepsPerEpoch),
    message: `epoch ${e.epoch}/${e.epochs} loss ${e.loss.toFixed(5)}`,
  };
}

export const AE_ENTRY: DetectorEntry = {
  description: 'Autoencoder: reconstruction error of A³’s dense-ae target trained alone on the normal rows',
  usesBackend: true,
  create: (options) => new AutoencoderDetector(options as AutoencoderOptions),
  load: (dir, options) => AutoencoderDetector.load(dir, options),
};
