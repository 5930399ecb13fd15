import { InvalidArgumentError, Rng, type Tensor, type TensorData } from '@a3/core';
import type { ActivationName } from '../activations/activations';
import type { ParameterCollection } from '../params/parameter-collection';
import { seedFor } from '../params/seed';

/** A named activation output of a network: what A³'s alarm network reads. */
export interface Tap {
  /** The layer's name, unique within its model (e.g. "dense_1", "activation_2"). */
  readonly name: string;
  /** Optional user label for selecting taps, e.g. "encoder", "code", "decoder". */
  readonly role?: string;
  /** The activation that produced it. */
  readonly activation: ActivationName;
  readonly tensor: Tensor;
}

/** What a layer needs to build itself into a graph. */
export interface LayerContext {
  /** Training mode (dropout active) or inference mode (dropout is the identity). */
  readonly training: boolean;
  /** Whether the variables this application creates are trainable. */
  readonly trainable: boolean;
  readonly params: ParameterCollection;
  /** Prefix of parameter names, usually the model's name: "<scope>/<layer>/<weight>". */
  readonly scope: string;
  /** Model seed: initial weights and dropout masks derive from (seed, name). */
  readonly seed: number;
  /** How many times this model was applied to the graph before (decorrelates dropout masks). */
  readonly applyIndex: number;
}

export interface LayerCall {
  output: Tensor;
  /** The value before this layer's activation, when it applied one (used for logits). */
  preActivation?: Tensor;
  /** Set when the output is an activation tap. */
  activation?: ActivationName;
}

/** Serialisable layer description: Keras-like `{ className, config }`. */
export interface LayerJSON {
  className: string;
  config: { name: string; role?: string } & Record<string, unknown>;
}

export interface LayerOptions {
  /** Unique within a model; assigned ("dense_1", ...) when the layer joins a Sequential. */
  name?: string;
  /** Label copied onto this layer's tap. */
  role?: string;
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

/**
 * A layer is a pure function of its input and its named weights. It infers its input
 * dimensions from the tensor it is first applied to; weights come from (and are kept in)
 * the context's ParameterCollection.
 */
export abstract class Layer {
  abstract readonly className: string;
  private layerName: string | undefined;
  readonly role: string | undefined;

  protected constructor(options: LayerOptions = {}) {
    if (options.name !== undefined) this.checkName(options.name);
    this.layerName = options.name;
    this.role = options.role;
  }

  get name(): string {
    return this.layerName ?? this.className.toLowerCase();
  }

  get hasName(): boolean {
    return this.layerName !== undefined;
  }

  /** Names the layer once (Sequential does this for unnamed layers). */
  setName(name: string): void {
    this.checkName(name);
    this.layerName = name;
  }

  abstract call(x: Tensor, ctx: LayerContext): LayerCall;

  /** The layer's hyper-parameters (without name/role, which `toJSON` adds). */
  protected abstract config(): Record<string, unknown>;

  toJSON(): LayerJSON {
    const config: LayerJSON['config'] = { name: this.name, ...this.config() };
    if (this.role !== undefined) config.role = this.role;
    return { className: this.className, config };
  }

  /** The graph variable for one of this layer's weights, e.g. "target/dense_1/kernel". */
  protected weight(
    x: Tensor,
    ctx: LayerContext,
    weightName: string,
    shape: readonly number[],
    init: (rng: Rng, shape: readonly number[]) => TensorData,
  ): Tensor {
    const full = this.paramName(ctx, weightName);
    return ctx.params.variable(x.graph, full, shape, () => init(new Rng(seedFor(ctx.seed, full)), shape), {
      trainable: ctx.trainable,
    });
  }

  protected paramName(ctx: LayerContext, weightName: string): string {
    return ctx.scope ? `${ctx.scope}/${this.name}/${weightName}` : `${this.name}/${weightName}`;
  }

  private checkName(name: string): void {
    if (!NAME_RE.test(name)) {
      throw new InvalidArgumentError(
        `Layer name "${name}" is invalid: use letters, digits and _ . : - (no "/").`,
      );
    }
  }
}
