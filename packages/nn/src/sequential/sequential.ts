import { FormatError, Graph, InvalidArgumentError, type Tensor } from '@a3/core';
import type { Layer, LayerContext, LayerJSON, Tap } from '../layers/layer';
import { layerFromJSON } from '../layers/registry';
import { ParameterCollection } from '../params/parameter-collection';

export interface SequentialOptions {
  /** Prefix of every parameter name ("<name>/<layer>/<weight>"); default "sequential". */
  name?: string;
  /** Seed of the initial weights and dropout masks (default 0): same seed, same weights. */
  seed?: number;
  /** Where the weights live; default a new collection. Share one to keep several models together. */
  params?: ParameterCollection;
}

export interface ApplyOptions {
  /** Training mode (dropout active); default false (inference). */
  training?: boolean;
  /** Whether variables created by this application are trainable (default true); false freezes the model. */
  trainable?: boolean;
}

export interface ApplyResult {
  output: Tensor;
  /**
   * The output before the last layer's activation (equals `output` when the last layer
   * applies none). Feed it to bceWithLogits when the model ends in a sigmoid.
   */
  logits: Tensor;
  /** Every activation output, in layer order. */
  taps: Tap[];
}

export interface SequentialJSON {
  format: 'a3.sequential';
  version: 1;
  name: string;
  seed: number;
  /** Input shape with -1 for the batch, once the model has been applied or built. */
  inputShape?: number[];
  layers: LayerJSON[];
}

const applyCounts = new WeakMap<Graph, Map<string, number>>();

const NAME_BASES: Record<string, string> = {
  Conv2D: 'conv2d',
  MaxPool2D: 'max_pool2d',
  UpSampling2D: 'up_sampling2d',
};

function snake(className: string): string {
  if (NAME_BASES[className]) return NAME_BASES[className];
  return className
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** A stack of layers applied in order, with weights in a named ParameterCollection. */
export class Sequential {
  readonly name: string;
  readonly seed: number;
  readonly params: ParameterCollection;
  private readonly stack: Layer[] = [];
  private builtInputShape: number[] | undefined;

  constructor(layers: readonly Layer[] = [], options: SequentialOptions = {}) {
    this.name = options.name ?? 'sequential';
    if (!/^[A-Za-z_][A-Za-z0-9_./:-]*$/.test(this.name)) {
      throw new InvalidArgumentError(
        `Sequential name "${this.name}" is invalid: use letters, digits and _ . / : -.`,
      );
    }
    this.seed = options.seed ?? 0;
    this.params = options.params ?? new ParameterCollection();
    for (const l of layers) this.add(l);
  }

  get layers(): readonly Layer[] {
    return this.stack;
  }

  /** Input shape (batch -1) seen at the first apply/build, if any. */
  get inputShape(): readonly number[] | undefined {
    return this.builtInputShape;
  }

  /** Appends a layer, naming it "<class>_<k>" (k counted per class from 1) when unnamed. */
  add(layer: Layer): this {
    if (!layer.hasName) {
      const base = snake(layer.className);
      let k = 1;
      while (this.stack.some((l) => l.name === `${base}_${k}`)) k++;
      layer.setName(`${base}_${k}`);
    }
    if (this.stack.some((l) => l.name === layer.name)) {
      throw new InvalidArgumentError(
        `Sequential "${this.name}" already has a layer named "${layer.name}"; names must be unique.`,
      );
    }
    this.stack.push(layer);
    return this;
  }

  /**
   * Builds the model into x's graph. Variables are looked up by name in that graph or
   * created from `params` (initialised on first use), so applying twice shares weights.
   */
  apply(x: Tensor, options: ApplyOptions = {}): ApplyResult {
    if (this.stack.length === 0)
      throw new InvalidArgumentError(`Sequential "${this.name}" has no layers; add some first.`);
    const counts = applyCounts.get(x.graph) ?? new Map<string, number>();
    applyCounts.set(x.graph, counts);
    const applyIndex = counts.get(this.name) ?? 0;
    counts.set(this.name, applyIndex + 1);
    const ctx: LayerContext = {
      training: options.training ?? false,
      trainable: options.trainable ?? true,
      params: this.params,
      scope: this.name,
      seed: this.seed,
      applyIndex,
    };
    this.builtInputShape ??= x.shape.map((d, i) => (i === 0 ? -1 : d));
    let h = x;
    let logits = x;
    const taps: Tap[] = [];
    for (const layer of this.stack) {
      const r = layer.call(h, ctx);
      h = r.output;
      logits = r.preActivation ?? r.output;
      if (r.activation) {
        taps.push(
          layer.role === undefined
            ? { name: layer.name, activation: r.activation, tensor: h }
            : { name: layer.name, role: layer.role, activation: r.activation, tensor: h },
        );
      }
    }
    return { output: h, logits, taps };
  }

  /** Initialises every weight for inputs of `inputShape` (batch -1 or any size) without a backend. */
  build(inputShape: readonly number[]): this {
    const g = new Graph(`${this.name}-build`);
    this.apply(
      g.input(
        'x',
        inputShape.map((d, i) => (i === 0 ? -1 : d)),
      ),
    );
    return this;
  }

  /** Output shape for an input shape (batch -1), without touching the parameters' values. */
  outputShape(inputShape: readonly number[]): number[] {
    const g = new Graph(`${this.name}-shape`);
    const probe = new Sequential([], { name: this.name, seed: this.seed, params: this.params.clone() });
    probe.stack.push(...this.stack);
    return [
      ...probe.apply(
        g.input(
          'x',
          inputShape.map((d, i) => (i === 0 ? -1 : d)),
        ),
      ).output.shape,
    ];
  }

  countParams(): number {
    return this.params.countParams(`${this.name}/`);
  }

  /** A table of layers, output shapes and weight counts (needs a known input shape). */
  summary(inputShape: readonly number[] | undefined = this.builtInputShape): string {
    const lines = [`Sequential "${this.name}"`];
    if (!inputShape) return [...lines, ...this.stack.map((l) => `  ${l.name} (${l.className})`)].join('\n');
    const g = new Graph(`${this.name}-summary`);
    const params = this.params.clone();
    let h = g.input(
      'x',
      inputShape.map((d, i) => (i === 0 ? -1 : d)),
    );
    const ctx: LayerContext = {
      training: false,
      trainable: true,
      params,
      scope: this.name,
      seed: this.seed,
      applyIndex: 0,
    };
    for (const l of this.stack) {
      h = l.call(h, ctx).output;
      const n = params.countParams(`${this.name}/${l.name}/`);
      lines.push(
        `  ${l.name.padEnd(20)} ${l.className.padEnd(13)} [${h.shape.map((d) => (d < 0 ? 'N' : d)).join(', ')}]  ${n}`,
      );
    }
    lines.push(`  total params: ${params.countParams(`${this.name}/`)}`);
    return lines.join('\n');
  }

  toJSON(): SequentialJSON {
    const json: SequentialJSON = {
      format: 'a3.sequential',
      version: 1,
      name: this.name,
      seed: this.seed,
      layers: this.stack.map((l) => l.toJSON()),
    };
    if (this.builtInputShape) json.inputShape = [...this.builtInputShape];
    return json;
  }

  /** Rebuilds the architecture; pass `params` to attach saved weights. */
  static fromJSON(json: SequentialJSON, options: { params?: ParameterCollection } = {}): Sequential {
    if (!json || json.format !== 'a3.sequential' || !Array.isArray(json.layers)) {
      throw new FormatError(
        'Not an a3 Sequential JSON: expected { format: "a3.sequential", layers: [...] }.',
      );
    }
    if (json.version !== 1)
      throw new FormatError(`Sequential JSON version ${String(json.version)} is not supported (expected 1).`);
    const model = new Sequential(json.layers.map(layerFromJSON), {
      name: json.name,
      seed: json.seed,
      params: options.params,
    });
    if (json.inputShape) model.builtInputShape = [...json.inputShape];
    return model;
  }
}
