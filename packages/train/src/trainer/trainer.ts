import {
  formatShape,
  gradients,
  Graph,
  InvalidArgumentError,
  ops,
  planRun,
  ShapeError,
  Tensor,
  TensorData,
  type Backend,
  type CompileOptions,
  type Executable,
  type Feeds,
} from '@a3/core';
import type { ParameterCollection } from '@a3/nn';
import { adam } from '../optimizers/adam';
import type { Optimizer } from '../optimizers/optimizer';

/** What `buildLoss` gets: the graph and one symbolic-batch input per fed array. */
export interface LossContext {
  readonly graph: Graph;
  /** Every fed array by name ([N, ...] with a symbolic batch). */
  readonly inputs: Readonly<Record<string, Tensor>>;
  readonly x: Tensor;
  readonly y?: Tensor;
  /** Per-sample weights [N] (sample weights × class weights) when the fit has any. */
  readonly sampleWeight?: Tensor;
  /** true for the training loss (dropout on), false for the validation loss. */
  readonly training: boolean;
}

/**
 * A float32 scalar loss, or per-sample losses [N] (the trainer then applies the sample
 * weights and averages), optionally with named scalar metrics to report.
 */
export type LossResult = Tensor | { loss: Tensor; metrics?: Record<string, Tensor> };
export type BuildLoss = (ctx: LossContext) => LossResult;

export interface TrainerOptions {
  backend: Backend;
  /** The weights being trained; read back with `pullParams()` (fit does it for you). */
  params: ParameterCollection;
  buildLoss: BuildLoss;
  /** Default adam(). */
  optimizer?: Optimizer;
  /** Which trainable graph variables to update (default all trainable ones). */
  trainable?: (name: string) => boolean;
  /**
   * Default true: a step whose loss or gradients are not finite changes nothing (weights
   * and optimiser state keep their values), and every later step is skipped until reset.
   */
  nanGuard?: boolean;
  /** Also build the inference-mode loss into the graph, as output "valLoss" (default true). */
  validationLoss?: boolean;
  compileOptions?: CompileOptions;
}

export interface StepResult {
  loss: number;
  metrics: Record<string, number>;
}

export const NAN_GUARD_VARIABLE = 'train/nan_guard/tripped';

interface Compiled {
  key: string;
  exec: Executable;
  metricNames: string[];
  valMetricNames: string[];
}

/** "name:dtype:[d1,d2]" per input, batch excluded: one compiled graph per signature. */
export function feedSignature(feeds: Feeds): string {
  return Object.keys(feeds)
    .sort()
    .map((k) => `${k}:${feeds[k].dtype}:${feeds[k].shape.slice(1).join(',')}`)
    .join('|');
}

function normalise(r: LossResult): { loss: Tensor; metrics: Record<string, Tensor> } {
  if (r instanceof Tensor) return { loss: r, metrics: {} };
  if (r && r.loss instanceof Tensor) return { loss: r.loss, metrics: r.metrics ?? {} };
  throw new InvalidArgumentError('buildLoss must return a Tensor or { loss: Tensor, metrics? }.');
}

/**
 * Compiles a training step (forward, gradients, optimiser updates; plus the inference
 * loss) once per input signature with a symbolic batch, so one executable serves every
 * batch size, and keeps weights consistent when the signature changes.
 */
export class Trainer {
  readonly backend: Backend;
  readonly params: ParameterCollection;
  readonly optimizer: Optimizer;
  private readonly options: TrainerOptions;
  private readonly compiled = new Map<string, Compiled>();
  private active: Compiled | undefined;

  constructor(options: TrainerOptions) {
    if (!options.backend.capabilities.training) {
      throw new InvalidArgumentError(
        `Backend "${options.backend.name}" cannot train (capabilities.training is false). Use a training backend such as tfjs-cpu or onnx.`,
      );
    }
    this.options = options;
    this.backend = options.backend;
    this.params = options.params;
    this.optimizer = options.optimizer ?? adam();
  }

  get nanGuard(): boolean {
    return this.options.nanGuard ?? true;
  }

  /** The executable used by the last step (undefined before the first). */
  get executable(): Executable | undefined {
    return this.active?.exec;
  }

  /** Compiles (or reuses) the executable for these feeds and makes it the active one. */
  async prepare(feeds: Feeds): Promise<Executable> {
    const key = feedSignature(feeds);
    let c = this.compiled.get(key);
    if (!c) {
      c = await this.compile(key, feeds);
      this.compiled.set(key, c);
    }
    if (this.active && this.active !== c) {
      // Carry weights and optimiser state over so both graphs continue the same training.
      const shared = [...c.exec.graph.variables.keys()].filter((n) =>
        this.active!.exec.graph.variables.has(n),
      );
      if (shared.length) await c.exec.writeVariables(await this.active.exec.readVariables(shared));
    }
    this.active = c;
    return c.exec;
  }

  async trainStep(feeds: Feeds): Promise<StepResult> {
    return (await this.trainSteps([feeds]))[0];
  }

  /** Several steps in one backend call where it supports fused steps (same signature for all). */
  async trainSteps(feedsList: readonly Feeds[]): Promise<StepResult[]> {
    if (feedsList.length === 0) return [];
    await this.prepare(feedsList[0]);
    const c = this.active!;
    const outputs = ['loss', ...c.metricNames.map((m) => `metric/${m}`)];
    const results = await c.exec.runSteps(feedsList, { outputs, updates: true });
    return results.map((o) => ({
      loss: o.loss.item(),
      metrics: Object.fromEntries(c.metricNames.map((m) => [m, o[`metric/${m}`].item()])),
    }));
  }

  /** The inference-mode loss (dropout off, no updates). */
  async evaluate(feeds: Feeds): Promise<StepResult> {
    if (this.options.validationLoss === false) {
      throw new InvalidArgumentError(
        'This Trainer was built with validationLoss: false; it cannot evaluate.',
      );
    }
    await this.prepare(feeds);
    const c = this.active!;
    const outputs = ['valLoss', ...c.valMetricNames.map((m) => `valMetric/${m}`)];
    const feedsUsed = Object.fromEntries(Object.entries(feeds).filter(([k]) => c.exec.graph.inputs.has(k)));
    const o = await c.exec.run(feedsUsed, { outputs, updates: false });
    return {
      loss: o.valLoss.item(),
      metrics: Object.fromEntries(c.valMetricNames.map((m) => [m, o[`valMetric/${m}`].item()])),
    };
  }

  /** Copies the trained weights into `params` (names the collection knows). */
  async pullParams(): Promise<void> {
    if (this.active) await this.params.readFrom(this.active.exec);
  }

  /** Writes `params` into the active executable (e.g. after restoring a snapshot). */
  async pushParams(): Promise<void> {
    if (this.active) await this.params.writeTo(this.active.exec);
  }

  /** Writes the learning rate into every compiled graph (no recompilation). */
  async setLearningRate(lr: number): Promise<void> {
    for (const c of this.compiled.values()) {
      await c.exec.writeVariables({ [this.optimizer.learningRateVariable]: TensorData.scalar(lr) });
    }
  }

  /** Re-arms the NaN guard after it tripped. */
  async resetNanGuard(): Promise<void> {
    if (!this.nanGuard) return;
    for (const c of this.compiled.values())
      await c.exec.writeVariables({ [NAN_GUARD_VARIABLE]: TensorData.scalar(0) });
  }

  memory(): { numTensors: number; numBytes: number } {
    return this.backend.memory();
  }

  /** Input signatures compiled so far (see feedSignature). */
  get signatures(): string[] {
    return [...this.compiled.keys()];
  }

  dispose(): void {
    for (const c of this.compiled.values()) c.exec.dispose();
    this.compiled.clear();
    this.active = undefined;
  }

  private async compile(key: string, feeds: Feeds): Promise<Compiled> {
    const g = new Graph('train');
    const inputs: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) {
      if (t.rank < 1)
        throw new ShapeError(`Feed "${name}" must have a batch dimension; got ${formatShape(t.shape)}.`);
      inputs[name] = g.input(name, [-1, ...t.shape.slice(1)], t.dtype);
    }
    if (!inputs.x)
      throw new InvalidArgumentError(`Training feeds need an "x"; got ${Object.keys(feeds).join(', ')}.`);
    const ctx = (training: boolean): LossContext => ({
      graph: g,
      inputs,
      x: inputs.x,
      y: inputs.y,
      sampleWeight: inputs.sampleWeight,
      training,
    });
    const train = normalise(this.options.buildLoss(ctx(true)));
    const loss = this.finishLoss(train.loss, inputs.sampleWeight, 'training');
    const filter = this.options.trainable ?? (() => true);
    const vars = [...g.variables.values()].filter((v) => v.trainable && filter(v.name));
    if (vars.length === 0) {
      throw new InvalidArgumentError(
        'buildLoss created no trainable variables (or the trainable filter excluded all). Apply a model with trainable: true inside buildLoss.',
      );
    }
    const grads = gradients(
      loss,
      vars.map((v) => v.tensor),
    );
    let guard: Tensor | undefined;
    if (this.nanGuard) {
      const tripped = g.variable(NAN_GUARD_VARIABLE, TensorData.scalar(0), { trainable: false });
      // NaN/Inf anywhere in a gradient makes its sum non-finite; ×0 keeps only that fact.
      const probe = grads.reduce((acc, gr) => ops.add(acc, ops.mul(ops.sum(gr), 0)), loss);
      const finite = ops.cast(ops.less(ops.abs(probe), Infinity), 'float32');
      guard = ops.greater(ops.sub(finite, tripped), 0.5);
      g.assign(tripped, ops.sub(1, ops.cast(guard, 'float32')), 'train');
    }
    this.optimizer.applyGradients(
      g,
      vars.map((v, i) => ({ name: v.name, variable: v.tensor, grad: grads[i] })),
      { guard, group: 'train' },
    );
    g.output('loss', loss);
    const metricNames = Object.keys(train.metrics);
    for (const m of metricNames) g.output(`metric/${m}`, train.metrics[m]);
    let valMetricNames: string[] = [];
    if (this.options.validationLoss !== false) {
      const val = normalise(this.options.buildLoss(ctx(false)));
      g.output('valLoss', this.finishLoss(val.loss, inputs.sampleWeight, 'validation'));
      valMetricNames = Object.keys(val.metrics);
      for (const m of valMetricNames) g.output(`valMetric/${m}`, val.metrics[m]);
    }
    if (
      inputs.sampleWeight &&
      !planRun(g, { outputs: ['loss'], updates: false }).inputs.includes('sampleWeight')
    ) {
      throw new InvalidArgumentError(
        'Sample or class weights were given but buildLoss ignores ctx.sampleWeight. Return per-sample losses [N] ' +
          "(e.g. bceWithLogits(logits, y, { reduction: 'none' })) or pass { weights: ctx.sampleWeight } to the loss.",
      );
    }
    const exec = await this.backend.compile(g, this.options.compileOptions);
    return { key, exec, metricNames, valMetricNames };
  }

  private finishLoss(loss: Tensor, weights: Tensor | undefined, what: string): Tensor {
    if (loss.dtype !== 'float32')
      throw new ShapeError(`The ${what} loss must be float32; got ${loss.dtype}.`);
    if (loss.rank === 0) return loss;
    if (loss.rank === 1) return ops.mean(weights ? ops.mul(loss, weights) : loss);
    throw new ShapeError(
      `The ${what} loss must be a scalar or per-sample [N]; got ${formatShape(loss.shape)}. Reduce the feature axes first.`,
    );
  }
}

/** A Trainer already compiled for feeds like `example` (a batch of the training data). */
export async function compileTrainStep(options: TrainerOptions & { example: Feeds }): Promise<Trainer> {
  const { example, ...rest } = options;
  const trainer = new Trainer(rest);
  await trainer.prepare(example);
  return trainer;
}
