import {
  DisposedError,
  FeedError,
  formatShape,
  planRun,
  RANDOM_OPS,
  UnsupportedError,
  validateFeeds,
  type BackendMemory,
  type Executable,
  type Feeds,
  type Graph,
  type Outputs,
  type RunOptions,
  type RunPlan,
  type TensorData,
} from '@a3/core';
import { buildLoopModel, buildStepModel, RUN_NAMES, type StepModel } from '../lower/step-model';
import { encodeModel } from '../proto/encode';
import { quantizeDynamic } from '../quantize/quantize';
import type { Ort, OrtSession, OrtTensor } from './ort';
import type { ResolvedOptions } from './options';
import { fromOrt, stack, toOrt, unstack } from './tensors';

interface Compiled {
  session: OrtSession;
  model: StepModel;
}

interface PlanEntry {
  plan: RunPlan;
  step?: Promise<Compiled>;
  loop?: Promise<Compiled>;
  /** An inference plan (no updates, no random ops) may run on a session with the weights baked in. */
  freezable: boolean;
  frozen?: { version: number; compiled: Promise<Compiled> };
  /** The variables' version at this plan's previous run. */
  lastVersion?: number;
}

const RANDOM: ReadonlySet<string> = new Set(RANDOM_OPS);

/**
 * A graph compiled for ONNX Runtime. One InferenceSession per (outputs, updates) combination,
 * created on first use. Variables are ORT tensors held here and fed as graph inputs each run
 * (ORT reads them in place); updated values come back as graph outputs and replace them.
 */
export class OnnxExecutable implements Executable {
  private readonly vars = new Map<string, OrtTensor>();
  private readonly plans = new Map<string, PlanEntry>();
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  /** Bumped whenever a variable changes; frozen sessions are valid for one version. */
  private version = 0;

  constructor(
    readonly graph: Graph,
    private readonly ort: Ort,
    private readonly options: ResolvedOptions,
    private readonly onDispose: () => void,
  ) {
    for (const [name, v] of graph.variables) this.vars.set(name, toOrt(ort, v.initialValue.clone()));
  }

  /** Runs calls one at a time: every run reads the state the previous one left. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(() => {
      if (this.disposed) throw new DisposedError('This onnx Executable');
      return fn();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private entry(options: RunOptions = {}): PlanEntry {
    const key = JSON.stringify([options.outputs ?? null, options.updates ?? true]);
    let e = this.plans.get(key);
    if (!e) {
      const plan = planRun(this.graph, options);
      const freezable =
        this.options.freezeInference &&
        plan.updates.length === 0 &&
        plan.variables.length > 0 &&
        !plan.nodes.some((n) => RANDOM.has(n.op));
      e = { plan, freezable };
      this.plans.set(key, e);
    }
    return e;
  }

  private async createSession(model: StepModel, dump: boolean, quantize = false): Promise<Compiled> {
    const bytes = encodeModel(quantize ? quantizeDynamic(model.model).model : model.model);
    const opts = {
      ...this.options.session,
      ...(dump && this.options.optimizedModelFilePath
        ? { optimizedModelFilePath: this.options.optimizedModelFilePath }
        : {}),
    };
    try {
      return { session: await this.ort.InferenceSession.create(bytes, opts), model };
    } catch (err) {
      throw new UnsupportedError(
        `ONNX Runtime rejected the model lowered from graph "${this.graph.name}": ${(err as Error).message}. ` +
          'This is a bug in @a3/backend-onnx or an op/dtype combination ORT has no CPU kernel for; please report it with the graph.',
      );
    }
  }

  private compiled(e: PlanEntry, looped: boolean): Promise<Compiled> {
    const slot = looped ? 'loop' : 'step';
    let c = e[slot];
    if (!c) {
      c = this.createSession(
        looped ? buildLoopModel(this.graph, e.plan) : buildStepModel(this.graph, e.plan),
        !looped,
      );
      c.catch(() => {
        if (e[slot] === c) e[slot] = undefined;
      });
      e[slot] = c;
    }
    return c;
  }

  /**
   * The session for one run of `e`. An inference plan that runs twice with unchanged variables
   * (scoring a data set batch by batch) gets a session with the weights baked in as
   * initializers — ORT then pre-packs Gemm weights and folds weight transposes — used until
   * a variable changes. The first run after a change uses the general session, so training
   * with an occasional evaluation never pays for a rebuild it does not reuse.
   */
  private async sessionFor(e: PlanEntry): Promise<Compiled> {
    if (!e.freezable) return this.compiled(e, false);
    if (e.frozen?.version === this.version) return e.frozen.compiled;
    if (e.frozen) {
      void e.frozen.compiled.then((c) => c.session.release()).catch(() => undefined);
      e.frozen = undefined;
    }
    // Quantized scoring freezes at once: every batch, the first included, runs the same int8 model.
    if (e.lastVersion !== this.version && !this.options.quantize) {
      e.lastVersion = this.version;
      return this.compiled(e, false);
    }
    const values = new Map(e.plan.variables.map((n) => [n, fromOrt(this.vars.get(n)!, n)]));
    const compiled = this.createSession(
      buildStepModel(this.graph, e.plan, values),
      false,
      this.options.quantize === 'int8',
    );
    e.frozen = { version: this.version, compiled };
    try {
      return await compiled;
    } catch {
      // Should not happen (the general session accepts the same graph); keep working without.
      e.freezable = false;
      e.frozen = undefined;
      return this.compiled(e, false);
    }
  }

  /** Feeds each run needs besides the inputs: the variables, as held. */
  private variableFeeds(model: StepModel, feeds: Record<string, OrtTensor>): void {
    for (const name of model.variables) feeds[RUN_NAMES.variable(name)] = this.vars.get(name)!;
  }

  /** Fetch list: requested outputs and the updated variables' new values. */
  private fetches(plan: RunPlan): string[] {
    return [...plan.outputs.map(RUN_NAMES.output), ...plan.updates.map((u) => RUN_NAMES.update(u.variable))];
  }

  /**
   * The new values become the held variables as they are: ORT's output buffers are fresh JS
   * buffers each run, so taking them over needs no copy. (Pre-allocated fetch targets would
   * cost one more copy in onnxruntime-node 1.30, which copies outputs out even then.)
   */
  private applyUpdates(plan: RunPlan, results: Record<string, OrtTensor>): void {
    for (const u of plan.updates) this.vars.set(u.variable, results[RUN_NAMES.update(u.variable)]);
    if (plan.updates.length) this.version += 1;
  }

  run(feeds: Feeds, options?: RunOptions): Promise<Outputs> {
    return this.exclusive(() => this.runOne(feeds, options));
  }

  private async runOne(feeds: Feeds, options?: RunOptions): Promise<Outputs> {
    const e = this.entry(options);
    validateFeeds(this.graph, e.plan, feeds);
    if (e.plan.outputs.length === 0 && e.plan.updates.length === 0) return {};
    const { session, model } = await this.sessionFor(e);
    const ortFeeds: Record<string, OrtTensor> = {};
    for (const name of e.plan.inputs) ortFeeds[RUN_NAMES.input(name)] = toOrt(this.ort, feeds[name]);
    this.variableFeeds(model, ortFeeds);
    const results = (await session.run(ortFeeds, this.fetches(e.plan))) as Record<string, OrtTensor>;
    this.applyUpdates(e.plan, results);
    const out: Outputs = {};
    for (const o of e.plan.outputs) out[o] = fromOrt(results[RUN_NAMES.output(o)], o);
    return out;
  }

  runSteps(feedsList: readonly Feeds[], options?: RunOptions): Promise<Outputs[]> {
    return this.exclusive(async () => {
      const e = this.entry(options);
      const out: Outputs[] = [];
      for (const chunk of this.chunks(e.plan, feedsList)) {
        if (chunk.length === 1 || this.options.stepsPerRun === 1) {
          for (const f of chunk) out.push(await this.runOne(f, options));
        } else {
          out.push(...(await this.runLoop(e, chunk)));
        }
      }
      return out;
    });
  }

  /** Consecutive steps with equal feed shapes, at most stepsPerRun each (a Loop stacks its feeds). */
  private chunks(plan: RunPlan, feedsList: readonly Feeds[]): Feeds[][] {
    const chunks: Feeds[][] = [];
    let key = '';
    for (const feeds of feedsList) {
      validateFeeds(this.graph, plan, feeds);
      const k = plan.inputs.map((n) => formatShape(feeds[n].shape)).join(';');
      const last = chunks[chunks.length - 1];
      if (last && k === key && last.length < this.options.stepsPerRun) last.push(feeds);
      else chunks.push([feeds]);
      key = k;
    }
    return chunks;
  }

  private async runLoop(e: PlanEntry, chunk: readonly Feeds[]): Promise<Outputs[]> {
    if (e.plan.outputs.length === 0 && e.plan.updates.length === 0) return chunk.map(() => ({}));
    const { session, model } = await this.compiled(e, true);
    const ortFeeds: Record<string, OrtTensor> = {
      [RUN_NAMES.steps]: new this.ort.Tensor('int64', BigInt64Array.of(BigInt(chunk.length)), []),
    };
    for (const name of e.plan.inputs)
      ortFeeds[RUN_NAMES.input(name)] = stack(
        this.ort,
        chunk.map((f) => f[name]),
      );
    this.variableFeeds(model, ortFeeds);
    const results = (await session.run(ortFeeds, this.fetches(e.plan))) as Record<string, OrtTensor>;
    this.applyUpdates(e.plan, results);
    const out: Outputs[] = chunk.map(() => ({}));
    for (const o of e.plan.outputs) {
      unstack(fromOrt(results[RUN_NAMES.output(o)], o)).forEach((t, i) => (out[i][o] = t));
    }
    return out;
  }

  readVariables(names?: readonly string[]): Promise<Record<string, TensorData>> {
    return this.exclusive(async () => {
      const out: Record<string, TensorData> = {};
      for (const name of names ?? [...this.vars.keys()]) {
        const t = this.vars.get(name);
        if (!t) throw new FeedError(`readVariables: graph "${this.graph.name}" has no variable "${name}".`);
        // A copy: the held buffer is fed to (and swapped by) later runs.
        out[name] = fromOrt(t, name).clone();
      }
      return out;
    });
  }

  writeVariables(values: Record<string, TensorData>): Promise<void> {
    return this.exclusive(async () => {
      for (const [name, value] of Object.entries(values)) {
        const v = this.graph.variables.get(name);
        if (!v) throw new FeedError(`writeVariables: graph "${this.graph.name}" has no variable "${name}".`);
        if (value.dtype !== v.tensor.dtype || value.shape.join(',') !== v.tensor.shape.join(',')) {
          throw new FeedError(
            `writeVariables: "${name}" is ${formatShape(v.tensor.shape)} ${v.tensor.dtype}; got ${formatShape(value.shape)} ${value.dtype}.`,
          );
        }
      }
      for (const [name, value] of Object.entries(values)) this.vars.set(name, toOrt(this.ort, value.clone()));
      this.version += 1;
    });
  }

  memory(): BackendMemory {
    let numBytes = 0;
    let numTensors = 0;
    for (const t of this.vars.values()) {
      numTensors += 1;
      numBytes += (t.data as ArrayBufferView).byteLength;
    }
    return { numTensors, numBytes };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const sessions = [...this.plans.values()]
      .flatMap((e) => [e.step, e.loop, e.frozen?.compiled])
      .filter((s) => s !== undefined);
    this.plans.clear();
    this.vars.clear();
    for (const s of sessions) s.then((c) => c.session.release()).catch(() => undefined);
    this.onDispose();
  }
}
