import {
  BackendNotInstalledError,
  InvalidArgumentError,
  UnsupportedError,
  type Backend,
  type Graph,
  type TensorData,
} from '@a3/core';
import { seedFor } from '@a3/nn';
import { thresholdBestF1, thresholdByContamination, thresholdForFpr } from '@a3/metrics';
import { resolveBackend, thresholdAfterFit, type Detector } from '../detectors/detector';
import type { JsonObject } from '../format/manifest';
import type { SaveOptions } from '../format/model-dir';
import { resolveComplete, resolveConfig, type A3DetectorConfig, type ResolvedConfig } from './config';
import { checkLabels, checkSamples, type LabelInput, type SampleInput } from './inputs';
import { assembleNetworks, scoreGraph, type Networks } from './networks';
import { loadDetectorState, saveDetectorState } from './persistence';
import { MinMaxScaler, type MinMaxScalerJSON } from './scaler';
import { asJson, checkInputRange, rowsWhere } from './fit-data';
import { Scorer } from './scorer';
import { trainShared, type A3FitCache } from './fit-cache';
import { anomalyTrainer, trainAlarm, trainTarget, type A3ProgressEvent } from './training';
import {
  calibrateEnsemble,
  calibrationSplit,
  combineScores,
  fitHeads,
  selectInGroups,
  type Ensemble,
} from '../heads/ensemble';

/** Training data: samples, and optionally 0/1 labels (1 = known anomaly) and target classes. */
export interface A3TrainData {
  x: SampleInput;
  /** 0 = normal, 1 = known anomaly; default all 0 (no known anomalies). */
  y?: LabelInput;
  /** Class ids of the samples, for supervised targets (mlp-classifier); only normal rows are used. */
  classes?: ArrayLike<number>;
}

export interface A3FitOptions {
  /** Backend name ('onnx', 'tfjs-cpu', ...) or instance; default the best available. */
  backend?: string | Backend;
  /** Progress of every training step and epoch, tagged with its phase. */
  onProgress?: (event: A3ProgressEvent) => void | Promise<void>;
  /**
   * Held-out data for validation losses (and early stopping when configured); with known
   * anomalies among its labels it also sets the threshold after fit (best F1).
   */
  validation?: { x: SampleInput; y?: LabelInput };
  /** Overrides the config's seed for this fit. */
  seed?: number;
  /**
   * Trained networks shared with other fits on the same x (see A3FitCache): a fit whose config
   * differs from an earlier one's only in its heads, their choice and weights, the threshold or
   * the scoring batch copies that fit's networks instead of training them. Not used with
   * `validation`. `training.networks` says 'reused' when it did.
   */
  fitCache?: A3FitCache;
}

export type ThresholdOptions =
  { contamination: number } | { y: LabelInput; strategy: 'best-f1' } | { y: LabelInput; targetFpr: number };

/**
 * Activation Anomaly Analysis as a scikit-learn-style estimator: `fit` min-max scales x
 * (fitted on the training rows; `preprocessing: 'none'` opts out), trains the target on the
 * normal samples, freezes it and trains the alarm network on its hidden activations together
 * with the anomaly network's counter-examples, then sets a threshold; `score` gives anomaly
 * scores in [0, 1] for unscaled x; `predict` applies the threshold; `save` / `A3Detector.load`
 * move it between processes and backends.
 */
export class A3Detector implements Detector {
  readonly kind = 'a3';
  private cfg: ResolvedConfig;
  private nets: Networks | undefined;
  private backendRef: Backend | undefined;
  private scorer: Scorer | undefined;
  private compiling: Promise<Scorer> | undefined;
  private trainingSummary: JsonObject = {};
  private ensemble: Ensemble | null = null;
  /** Decision threshold: score >= threshold is an anomaly. */
  threshold: number | null = null;
  /** Opaque fitted preprocessing (the data layer's `toJSON()`), saved with the model as JSON. */
  preprocessing: unknown = null;
  /** Opaque training protocol (split, classes, seeds), saved with the model as JSON. */
  protocol: unknown = null;

  constructor(config: A3DetectorConfig = {}) {
    this.cfg = resolveConfig(config);
  }

  /** The configuration with every default filled in. */
  get config(): ResolvedConfig {
    return JSON.parse(JSON.stringify(this.cfg)) as ResolvedConfig;
  }

  get fitted(): boolean {
    return this.nets !== undefined;
  }

  /** Shape of one sample the detector was fitted on. */
  get inputShape(): number[] {
    return [...this.requireFitted('inputShape').inputShape];
  }

  /** The hidden activations the alarm reads, with their flattened widths. */
  get taps(): { name: string; role: string; width: number }[] {
    return this.requireFitted('taps').taps.map((t) => ({ ...t }));
  }

  /** Per-phase training summaries (epochs, final losses). */
  get training(): JsonObject {
    return JSON.parse(JSON.stringify(this.trainingSummary)) as JsonObject;
  }

  get backend(): Backend | undefined {
    return this.backendRef;
  }

  /** The fitted input scaling every score applies first (null with preprocessing 'none'). */
  get inputScaler(): MinMaxScalerJSON | null {
    return this.requireFitted('inputScaler').scaler?.toJSON() ?? null;
  }

  async fit(train: A3TrainData, options: A3FitOptions = {}): Promise<this> {
    if (!train || typeof train !== 'object') throw new InvalidArgumentError('fit(train): pass { x, y? }.');
    const config =
      options.seed === undefined ? this.cfg : resolveComplete({ ...this.cfg, seed: options.seed });
    const x = checkSamples(train.x, 'train.x');
    const n = x.shape[0];
    const y = train.y === undefined ? new Uint8Array(n) : checkLabels(train.y, n, 'train.y');
    const normalRows = rowsWhere(y, 0);
    if (normalRows.length === 0) {
      throw new InvalidArgumentError(
        'train.y marks every sample as a known anomaly (1); A³ trains its target on normal samples (y = 0). ' +
          'Include normal data, with label 0.',
      );
    }
    const validation = options.validation
      ? this.checkValidation(options.validation, x.shape.slice(1))
      : undefined;
    const backend = await resolveBackend(options.backend);
    const nets = assembleNetworks(config, x.shape.slice(1));
    if (!nets.generatesAnomalies && normalRows.length === n) {
      throw new InvalidArgumentError(
        `With anomaly network "${config.anomaly}" (no counter-examples) the alarm needs known anomalies: ` +
          'label some samples 1 in train.y, or use the gaussian / uniform / vae anomaly network.',
      );
    }
    // With heads, a seeded share of the normals is held out of every component to calibrate them.
    const held =
      config.heads.length > 0
        ? calibrationSplit(y, config.calibration, seedFor(config.seed, 'calibration'))
        : null;
    const fitRows = held ? held.fit : null;
    const fitY = fitRows ? Uint8Array.from(fitRows, (i) => y[i]) : y;
    const targetRows = fitRows ? Int32Array.from(rowsWhere(fitY, 0), (i) => fitRows[i]) : normalRows;
    let classes: TensorData<'float32'> | undefined;
    if (nets.target.labels) {
      if (!train.classes) {
        throw new InvalidArgumentError(
          `Target "${config.target}" is a classifier: pass train.classes (class id per sample).`,
        );
      }
      if (train.classes.length !== n) {
        throw new InvalidArgumentError(`train.classes has ${train.classes.length} entries for ${n} samples.`);
      }
      const normalClasses = Array.from(targetRows, (i) => train.classes![i]);
      classes = nets.target.labels.encode(normalClasses);
    }
    const scaler = config.preprocessing === 'min-max' ? MinMaxScaler.fit(x) : null;
    if (!scaler) checkInputRange(nets.target, config.target, x, normalRows);
    const xs = scaler ? scaler.transform(x) : x;
    const vs = validation && scaler ? { x: scaler.transform(validation.x), y: validation.y } : validation;
    const fitX = fitRows ? xs.gatherRows(fitRows) : xs;
    const normal = xs.gatherRows(targetRows);
    const valNormal = vs ? vs.x.gatherRows(rowsWhere(vs.y, 0)) : undefined;
    const run = { backend, config, nets, onProgress: options.onProgress };
    const trainPhases = async (): Promise<JsonObject> => {
      const phases: JsonObject = {};
      phases.target = await trainTarget(
        run,
        normal,
        classes,
        valNormal && valNormal.shape[0] > 0 ? valNormal : undefined,
      );
      if (nets.anomaly.fit) phases.anomaly = await nets.anomaly.fit(normal, anomalyTrainer(run));
      phases.alarm = await trainAlarm(run, fitX, fitY, vs);
      return phases;
    };
    // Validation data may stop training early: such fits are not shared.
    const summary =
      options.fitCache && !validation
        ? await trainShared(
            options.fitCache,
            { nets, data: train.x, config, backend, y, classes: train.classes },
            trainPhases,
          )
        : await trainPhases();
    const calibrationX = held ? xs.gatherRows(held.calibration) : null;
    const heads =
      held && calibrationX
        ? await selectInGroups(
            await fitHeads(config.heads, { x: fitX, y: fitY }, { backend, seed: config.seed }),
            {
              normals: calibrationX,
              known: fitX.gatherRows(rowsWhere(fitY, 1)),
            },
            config.groupTolerance,
          )
        : null;
    summary.samples = { total: n, normal: normalRows.length, knownAnomalies: n - normalRows.length };
    summary.backend = backend.name;
    nets.scaler = scaler;
    this.dispose();
    this.cfg = config;
    this.nets = nets;
    this.backendRef = backend;
    this.ensemble = null;
    if (held && heads) {
      const calibrationRows = x.gatherRows(held.calibration);
      const alarmScores = await (await this.getScorer()).score(calibrationRows, config.scoreBatchSize);
      this.ensemble = await calibrateEnsemble(config.alarmWeight, alarmScores, heads, calibrationX!);
      summary.heads = {
        kept: this.ensemble.heads.map((h) => ({ detector: h.config.detector, weight: h.weight })),
        dropped: this.ensemble.dropped.map((d) => ({ ...d })),
        ...(heads.selections.length
          ? { selected: heads.selections.map((g) => ({ ...g, aucRoc: g.aucRoc.map((a) => ({ ...a })) })) }
          : {}),
        calibrationRows: held.calibration.length,
        fitRows: held.fit.length,
      };
    }
    const t = await thresholdAfterFit((v) => this.score(v), x, {
      contamination: config.contamination,
      ...(validation ? { validation } : {}),
    });
    this.threshold = t.threshold;
    summary.threshold = { value: t.threshold, method: t.method };
    this.trainingSummary = summary;
    return this;
  }

  /**
   * Anomaly scores (higher = more anomalous) for x as given to fit (unscaled: the fitted scaler
   * is part of the score graph), computed in bounded batches. Without heads: the alarm's output
   * in [0, 1]. With heads: the weighted mean of each component's calibrated score (see
   * A3DetectorConfig.heads), in [0, 1] where rows look like the held-out normals and up to a
   * little above 1 (≈ 1 + 0.1 · log1p(distance beyond the normals in spreads)) beyond them.
   * Row by row either way: a row's score does not depend on the rows scored with it.
   */
  async score(x: SampleInput): Promise<Float32Array> {
    const nets = this.requireFitted('score');
    const data = checkSamples(x, 'x', nets.inputShape);
    const alarm = await (await this.getScorer()).score(data, this.cfg.scoreBatchSize);
    const e = this.ensemble;
    if (!e) return alarm;
    const xs = nets.scaler ? nets.scaler.transform(data) : data;
    const heads: Float32Array[] = [];
    for (const h of e.heads) heads.push(await h.detector.score(xs));
    return combineScores(e, alarm, heads);
  }

  /**
   * What score() combines, per row: the alarm's output and each kept head's raw score, each
   * also as its calibrated value F(s) (with heads; without heads `calibrated` is absent; a
   * head's `floor` is not applied here). For explaining a score (which component flagged the
   * row) and for ablations.
   */
  async scoreComponents(x: SampleInput): Promise<{
    alarm: { weight: number; scores: Float32Array; calibrated?: Float64Array };
    heads: { detector: string; weight: number; scores: Float32Array; calibrated: Float64Array }[];
  }> {
    const nets = this.requireFitted('scoreComponents');
    const data = checkSamples(x, 'x', nets.inputShape);
    const alarm = await (await this.getScorer()).score(data, this.cfg.scoreBatchSize);
    const e = this.ensemble;
    if (!e) return { alarm: { weight: 1, scores: alarm }, heads: [] };
    const xs = nets.scaler ? nets.scaler.transform(data) : data;
    const heads = [];
    for (const h of e.heads) {
      const scores = await h.detector.score(xs);
      const calibrated = Float64Array.from(scores, (s) => h.calibrator.cdf(s));
      heads.push({ detector: h.config.detector, weight: h.weight, scores, calibrated });
    }
    const calibrated = Float64Array.from(alarm, (s) => e.alarm.cdf(s));
    return { alarm: { weight: e.alarmWeight, scores: alarm, calibrated }, heads };
  }

  /** The heads that joined the alarm at fit (empty without heads), with their weights. */
  get heads(): { detector: string; weight: number }[] {
    this.requireFitted('heads');
    return (this.ensemble?.heads ?? []).map((h) => ({
      detector: h.config.detector,
      weight: h.weight,
    }));
  }

  /** PyOD's name for score(). */
  decisionFunction(x: SampleInput): Promise<Float32Array> {
    return this.score(x);
  }

  /**
   * Anomaly probability per row. Without heads this is score() itself: the alarm's sigmoid
   * output, trained with BCE against 0/1 labels, already is one (PyOD's predict_proba returns
   * two columns [P(normal), P(anomaly)]; this returns the second). With heads it is the combined
   * score clipped to [0, 1] — the share of held-out normals a row outranks, not a probability
   * from labels.
   */
  async predictProba(x: SampleInput): Promise<Float32Array> {
    const s = await this.score(x);
    return this.ensemble ? s.map((v) => Math.min(1, v)) : s;
  }

  /** 1 where score >= threshold (anomaly), else 0. fit() sets the threshold (see config.contamination). */
  async predict(x: SampleInput): Promise<Uint8Array> {
    if (this.threshold === null) {
      throw new InvalidArgumentError(
        'predict() needs a threshold and this model has none (it was saved without one): call setThreshold(t) ' +
          'or calibrateThreshold(x, { contamination }) first, or use score() for raw scores.',
      );
    }
    const t = this.threshold;
    const s = await this.score(x);
    return Uint8Array.from(s, (v) => (v >= t ? 1 : 0));
  }

  setThreshold(threshold: number): this {
    if (typeof threshold !== 'number' || !Number.isFinite(threshold)) {
      throw new InvalidArgumentError(
        `setThreshold: the threshold must be a finite number; got ${String(threshold)}.`,
      );
    }
    this.threshold = threshold;
    return this;
  }

  /**
   * Chooses and stores a threshold from reference data: the top `contamination` share of
   * x's scores, the best F1 on labelled x, or the lowest threshold within a false-positive budget.
   */
  async calibrateThreshold(x: SampleInput, options: ThresholdOptions): Promise<number> {
    const scores = await this.score(x);
    let t: number;
    if ('contamination' in options) t = thresholdByContamination(scores, options.contamination);
    else {
      const y = checkLabels(options.y, scores.length, 'y');
      if ('targetFpr' in options) t = thresholdForFpr(y, scores, options.targetFpr);
      else if (options.strategy === 'best-f1') t = thresholdBestF1(y, scores);
      else
        throw new InvalidArgumentError(
          "calibrateThreshold: use { contamination }, { y, strategy: 'best-f1' } or { y, targetFpr }.",
        );
    }
    this.threshold = t;
    return t;
  }

  /**
   * Writes `dir/a3.json` and `dir/weights.safetensors` atomically. A model already in `dir` is
   * replaced only with `{ force: true }`; other files in `dir` are never touched.
   */
  async save(dir: string, options: SaveOptions = {}): Promise<void> {
    const nets = this.requireFitted('save');
    await saveDetectorState(
      dir,
      {
        config: this.cfg,
        nets,
        threshold: this.threshold,
        preprocessing: asJson(this.preprocessing, 'preprocessing'),
        protocol: asJson(this.protocol, 'protocol'),
        training: this.trainingSummary,
        ensemble: this.ensemble,
      },
      options,
    );
  }

  /**
   * The inference graph: input "x" [N, ...inputShape] (unscaled, as given to fit) → fitted
   * scaler → target → alarm → output "score" [N], with the fitted weights as its variables'
   * values. For exporters and custom runtimes. A model with heads (preset 'robust') scores
   * outside any one graph and throws UnsupportedError, unless `alarmOnly` asks for the alarm's
   * graph alone (its scores are the alarm's, not score()'s).
   */
  scoreGraph(options: { alarmOnly?: boolean } = {}): Graph {
    const nets = this.requireFitted('scoreGraph');
    if (this.ensemble && !options.alarmOnly) {
      const names = this.ensemble.heads.map((h) => h.config.detector).join(', ') || 'none kept';
      throw new UnsupportedError(
        `This A3Detector combines its alarm with heads (${names}) that score outside any one graph, so it has no ` +
          'single score graph or ONNX export. Pass { alarmOnly: true } to export the alarm alone (its scores ' +
          "are the alarm's, not score()'s), or train with preset: 'paper' (no heads) to export the whole detector.",
      );
    }
    return scoreGraph(nets, this.cfg);
  }

  /**
   * Writes a standalone ONNX model of scoreGraph() (opset 18, weights and the input scaling
   * baked in, threshold and config in its metadata) that any ONNX runtime runs without a3:
   * its scores equal score(). Needs @a3/backend-onnx.
   */
  async exportOnnx(path: string, options: { alarmOnly?: boolean } = {}): Promise<void> {
    const graph = this.scoreGraph(options);
    const pkg = '@a3/backend-onnx';
    let onnx: { saveOnnx(path: string, graph: Graph, variables: object, options: object): Promise<void> };
    try {
      onnx = (await import(/* @vite-ignore */ pkg)) as typeof onnx;
    } catch (err) {
      throw new BackendNotInstalledError('onnx', pkg, err);
    }
    await onnx.saveOnnx(
      path,
      graph,
      {},
      {
        outputs: ['score'],
        producer: '@a3/model',
        docString:
          'A³ anomaly detector: x (unscaled, as given to fit) → score in [0, 1] (score >= threshold is an anomaly).',
        metadata: {
          threshold: this.threshold === null ? '' : String(this.threshold),
          config: JSON.stringify(this.cfg),
          taps: JSON.stringify(this.taps),
        },
      },
    );
  }

  /** Loads a saved detector onto any backend (default the best available). */
  static async load(dir: string, options: { backend?: string | Backend } = {}): Promise<A3Detector> {
    const state = await loadDetectorState(dir, options);
    const d = new A3Detector(state.config);
    d.nets = state.nets;
    d.threshold = state.threshold;
    d.preprocessing = state.preprocessing;
    d.protocol = state.protocol;
    d.trainingSummary = state.training;
    d.ensemble = state.ensemble;
    d.backendRef = await resolveBackend(options.backend);
    return d;
  }

  /** Releases the compiled score graph on the backend (the detector stays usable; score() recompiles). */
  dispose(): void {
    for (const h of this.ensemble?.heads ?? []) h.detector.dispose();
    const pending = this.scorer ? undefined : this.compiling;
    this.scorer?.dispose();
    this.scorer = undefined;
    this.compiling = undefined;
    if (pending)
      pending.then(
        (s) => s.dispose(),
        () => undefined,
      );
  }

  private getScorer(): Promise<Scorer> {
    if (!this.compiling) {
      const p: Promise<Scorer> = Scorer.compile(this.backendRef!, this.nets!, this.cfg).then(
        (s) => {
          if (this.compiling === p) this.scorer = s;
          return s;
        },
        (err: unknown) => {
          if (this.compiling === p) this.compiling = undefined;
          throw err;
        },
      );
      this.compiling = p;
    }
    return this.compiling;
  }

  private requireFitted(what: string): Networks {
    if (!this.nets) {
      throw new InvalidArgumentError(
        `${what}: this A3Detector is not fitted. Call fit() first, or A3Detector.load(dir).`,
      );
    }
    return this.nets;
  }

  private checkValidation(v: { x: SampleInput; y?: LabelInput }, shape: number[]) {
    const x = checkSamples(v.x, 'validation.x', shape);
    const y = v.y === undefined ? new Uint8Array(x.shape[0]) : checkLabels(v.y, x.shape[0], 'validation.y');
    return { x, y };
  }
}
