import {
  FormatError,
  formatShape,
  Graph,
  InvalidArgumentError,
  NumericError,
  UnsuitableDataError,
  type Backend,
  type Executable,
  type Tensor,
  type TensorData,
} from '@a3/core';
import {
  applyThreshold,
  checkLabels,
  checkSamples,
  contaminationThreshold,
  readDetectorDir,
  resolveBackend,
  writeDetectorDir,
  type Detector,
  type DetectorFitData,
  type DetectorFitOptions,
  type DetectorProgress,
  type JsonObject,
  type JsonValue,
  type SampleInput,
} from '@a3/model';
import type { ParameterCollection } from '@a3/nn';
import type { NeuralRunConfig } from './options';

/** A fitted (or freshly built) network of one neural baseline. */
export interface NeuralModel {
  /** Trained weights, saved and loaded by name. */
  readonly params: ParameterCollection;
  /** Fitted tensors that are not weights (Deep SAD's centre, DAGMM's mixture), by name. */
  extra: Record<string, TensorData>;
  /** The shapes `extra` must have once fitted (checked when loading). */
  extraShapes(): Record<string, number[]>;
  /** Anomaly score [N] of x [N, width], inference mode, higher = more anomalous. */
  score(x: Tensor): Tensor;
}

/** What a detector's training gets: flattened float32 rows, 0/1 labels, the backend. */
export interface NeuralFitContext {
  x: TensorData<'float32'>;
  y: Uint8Array;
  backend: Backend;
  onProgress?: (event: DetectorProgress) => void | Promise<void>;
}

/**
 * The shared half of the neural baselines (DevNet, Deep SAD, DAGMM, supervised MLP): input
 * checks, the known-anomaly requirement, the contamination threshold, batched scoring
 * through one compiled graph, and save / load in the a3 model-directory format. A subclass
 * says how to build its networks and how to train them; everything runs through the IR, so
 * on every backend.
 */
export abstract class NeuralDetector<C extends NeuralRunConfig, M extends NeuralModel> implements Detector {
  abstract readonly kind: string;
  /** Whether fit() needs rows labelled 1 (known anomalies). */
  protected abstract readonly needsKnownAnomalies: boolean;
  threshold: number | null = null;
  /** Opaque fitted preprocessing (e.g. the data layer's toJSON()), saved with the model. */
  preprocessing: unknown = null;
  /** Opaque training protocol (split, seeds), saved with the model. */
  protocol: unknown = null;
  protected cfg: C;
  private model: M | undefined;
  private sampleShape: number[] | undefined;
  private backendRef: Backend | undefined;
  private compiled: Promise<Executable> | undefined;
  private summary: JsonObject = {};

  protected constructor(config: C) {
    this.cfg = config;
  }

  /** Networks for rows of `width` features with weights initialised from config.seed. */
  protected abstract build(config: C, width: number): M;
  /** Trains `model` in place (weights and extras); returns a JSON summary of what it did. */
  protected abstract train(model: M, ctx: NeuralFitContext, config: C): Promise<JsonObject>;

  /** The resolved options (a copy). */
  get config(): C {
    return JSON.parse(JSON.stringify(this.cfg)) as C;
  }

  get fitted(): boolean {
    return this.model !== undefined;
  }

  /** What the last fit did (steps, losses, samples, backend). */
  get training(): JsonObject {
    return JSON.parse(JSON.stringify(this.summary)) as JsonObject;
  }

  /** The fitted or loaded networks (undefined before). */
  protected get fittedModel(): M | undefined {
    return this.model;
  }

  get backend(): Backend | undefined {
    return this.backendRef;
  }

  async fit(data: DetectorFitData, options: DetectorFitOptions = {}): Promise<this> {
    if (!data || typeof data !== 'object') {
      throw new InvalidArgumentError(`${this.kind}.fit(data): pass { x, y? } (y: 1 = known anomaly).`);
    }
    const config = options.seed === undefined ? this.cfg : { ...this.cfg, seed: checkSeed(options.seed) };
    const raw = checkSamples(data.x, 'train.x');
    const n = raw.shape[0];
    const y = data.y === undefined ? new Uint8Array(n) : checkLabels(data.y, n, 'train.y');
    const known = y.reduce((s, v) => s + v, 0);
    if (this.needsKnownAnomalies && known === 0) {
      throw new UnsuitableDataError(
        `${this.kind} learns from labelled anomalies, but train.y marks none (no 1s). ` +
          'Label the known anomalies 1, or use a detector that needs none (iforest, lof, ae, deepsad, dagmm, a3).',
      );
    }
    if (known === n) {
      throw new InvalidArgumentError(
        `train.y marks all ${n} rows as known anomalies; ${this.kind} needs normal (or unlabelled) rows with label 0.`,
      );
    }
    const backend = await resolveBackend(options.backend);
    const x = flatten(raw);
    const model = this.build(config, x.shape[1]);
    const training = await this.train(model, { x, y, backend, onProgress: options.onProgress }, config);
    this.dispose();
    this.cfg = config;
    this.model = model;
    this.sampleShape = raw.shape.slice(1);
    this.backendRef = backend;
    const scores = await this.score(raw);
    const bad = scores.findIndex((s) => !Number.isFinite(s));
    if (bad >= 0) {
      this.model = undefined;
      throw new NumericError(
        `${this.kind}: training row ${bad} scored ${scores[bad]} after fit; the network diverged. ` +
          'Scale the data to [0, 1] or try another seed.',
      );
    }
    // PyOD's habit: flag the top DEFAULT_CONTAMINATION share of the training rows.
    this.threshold = contaminationThreshold(scores);
    this.summary = {
      ...training,
      samples: { total: n, normal: n - known, knownAnomalies: known },
      backend: backend.name,
    };
    return this;
  }

  async score(x: SampleInput): Promise<Float32Array> {
    const model = this.requireFitted('score');
    const data = flatten(checkSamples(x, 'x', this.sampleShape));
    const exec = await this.executable(model);
    const n = data.shape[0];
    const out = new Float32Array(n);
    for (let b0 = 0; b0 < n; b0 += this.cfg.scoreBatchSize) {
      const b1 = Math.min(n, b0 + this.cfg.scoreBatchSize);
      const batch = b0 === 0 && b1 === n ? data : data.sliceRows(b0, b1);
      const r = await exec.run({ x: batch }, { outputs: ['score'], updates: false });
      out.set(r.score.data as Float32Array, b0);
    }
    return out;
  }

  async predict(x: SampleInput): Promise<Uint8Array> {
    return applyThreshold(await this.score(x), this.threshold, this.kind);
  }

  /** Writes a3.json (kind, options, threshold) and weights.safetensors atomically. */
  async save(dir: string): Promise<void> {
    const model = this.requireFitted('save');
    await writeDetectorDir(dir, {
      detector: this.kind,
      inputShape: this.sampleShape!,
      config: this.cfg as unknown as JsonObject,
      threshold: this.threshold,
      preprocessing: asJson(this.preprocessing, 'preprocessing'),
      protocol: asJson(this.protocol, 'protocol'),
      training: this.summary,
      tensors: { ...model.params.toRecord(), ...model.extra },
    });
  }

  /** Releases the compiled score graph; the next score() compiles it again. */
  dispose(): void {
    const pending = this.compiled;
    this.compiled = undefined;
    pending?.then(
      (e) => e.dispose(),
      () => undefined,
    );
  }

  /**
   * Loads a directory written by save(): rebuilds the networks from its options and input
   * shape, then checks every tensor they need is there, with its shape, and finite.
   */
  protected static async loadAs<D extends NeuralDetector<NeuralRunConfig, NeuralModel>>(
    dir: string,
    kind: string,
    make: (config: JsonObject) => D,
    options: { backend?: string | Backend } = {},
  ): Promise<D> {
    const { manifest, tensors } = await readDetectorDir(dir, kind);
    const source = `${dir}/${manifest.weights.file}`;
    let d: D;
    try {
      d = make(manifest.config);
    } catch (err) {
      throw new FormatError(`The ${kind} model at ${dir} has invalid options: ${(err as Error).message}`, {
        cause: err,
      });
    }
    const width = manifest.inputShape.reduce((a, b) => a * b, 1);
    const model = d.build(d.cfg, width);
    const take = (name: string, shape: readonly number[]): TensorData => {
      const t = tensors[name];
      if (!t) {
        throw new FormatError(
          `${source} has no tensor "${name}", which this ${kind} model needs; the weights file is from another model or incomplete.`,
        );
      }
      if (t.shape.join(',') !== shape.join(',')) {
        throw new FormatError(
          `${source}: tensor "${name}" is ${formatShape(t.shape)}; expected ${formatShape(shape)}.`,
        );
      }
      const bad = (t.data as Float32Array).findIndex((v) => !Number.isFinite(v));
      if (bad >= 0)
        throw new FormatError(
          `${source}: tensor "${name}" holds a non-finite value at index ${bad}; the file is corrupt.`,
        );
      return t;
    };
    for (const [name, v] of model.params.entries()) model.params.set(name, take(name, v.shape));
    for (const [name, shape] of Object.entries(model.extraShapes())) model.extra[name] = take(name, shape);
    d.model = model;
    d.sampleShape = [...manifest.inputShape];
    d.threshold = manifest.threshold;
    d.preprocessing = manifest.preprocessing;
    d.protocol = manifest.protocol;
    d.summary = manifest.training;
    d.backendRef = await resolveBackend(options.backend);
    return d;
  }

  private executable(model: M): Promise<Executable> {
    if (!this.compiled) {
      const g = new Graph(`${this.kind}-score`);
      const x = g.input('x', [-1, this.sampleShape!.reduce((a, b) => a * b, 1)]);
      g.output('score', model.score(x));
      const p = this.backendRef!.compile(g);
      p.catch(() => {
        if (this.compiled === p) this.compiled = undefined;
      });
      this.compiled = p;
    }
    return this.compiled;
  }

  private requireFitted(what: string): M {
    if (!this.model) {
      throw new InvalidArgumentError(
        `${what}: this ${this.kind} detector is not fitted. Call fit() first, or load a saved one.`,
      );
    }
    return this.model;
  }
}

function checkSeed(seed: number): number {
  if (!Number.isInteger(seed) || seed < 0) {
    throw new InvalidArgumentError(`seed must be a non-negative integer; got ${String(seed)}.`);
  }
  return seed;
}

/** [N, ...] → [N, features]: these baselines are MLPs over the flattened sample. */
function flatten(x: TensorData<'float32'>): TensorData<'float32'> {
  return x.rank === 2 ? x : x.reshape([x.shape[0], x.size / x.shape[0]]);
}

function asJson(value: unknown, what: string): JsonValue {
  if (value === undefined || value === null) return null;
  try {
    return JSON.parse(JSON.stringify(value)) as JsonValue;
  } catch (err) {
    throw new InvalidArgumentError(
      `detector.${what} must be JSON-serialisable to be saved (${(err as Error).message}). Store its toJSON() output.`,
    );
  }
}
