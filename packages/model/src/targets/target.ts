import { InvalidArgumentError, ops, type Tensor, type TensorData } from '@a3/core';
import { Sequential, type ParameterCollection } from '@a3/nn';
import type { JsonObject } from '../format/manifest';
import { PluginRegistry } from '../plugins/registry';
import type { TargetTap } from '../taps/selection';

export interface TargetApplyOptions {
  /** Training mode (dropout active). The frozen target inside A³ is applied with false. */
  training: boolean;
  /** Whether the variables this application creates are trainable (false = frozen). */
  trainable: boolean;
}

export interface TargetForward {
  /** The network's output (reconstruction for autoencoders, class probabilities for classifiers). */
  output: Tensor;
  /** The output before its final activation: what numerically stable losses read. */
  logits: Tensor;
  /** Hidden activations in network order (never the output itself). */
  taps: TargetTap[];
}

/** Class labels for supervised targets (classifiers), turned into a tensor the loss reads. */
export interface TargetLabels {
  /** Per-sample shape of the label tensor, e.g. [numClasses] for one-hot. */
  shape: number[];
  encode(classes: ArrayLike<number>): TensorData<'float32'>;
}

/**
 * What A³ needs from a target network. Implement it directly, or return an `@a3/nn`
 * Sequential from a factory (it is adapted: taps = every activation but the output,
 * loss = reconstruction BCE when the output has the input's shape).
 */
export interface TargetNetwork {
  /** The weights, named "<scope>/<layer>/<weight>" (scope from the factory context). */
  readonly params: ParameterCollection;
  apply(x: Tensor, options: TargetApplyOptions): TargetForward;
  /** Scalar loss to train the target on normal data; `labels` is fed when `labels` is set. */
  loss(forward: TargetForward, x: Tensor, labels?: Tensor): Tensor;
  /** Set for supervised targets: fit() then needs `train.classes`. */
  readonly labels?: TargetLabels;
  /**
   * The range the training loss assumes inputs lie in, e.g. [0, 1] for a sigmoid output with a
   * BCE reconstruction loss. With `preprocessing: 'none'`, A3Detector.fit refuses normal
   * training rows outside it (BCE against targets > 1 is unbounded below: the loss "improves"
   * forever and every score collapses). Leave it unset when any real input works.
   */
  readonly inputRange?: readonly [number, number];
  /** Architecture description (informational; rebuilding uses the factory and its options). */
  toJSON(): JsonObject;
}

export interface TargetContext {
  /** Shape of one sample (no batch axis), e.g. [122] or [28, 28, 1]. */
  inputShape: readonly number[];
  /** Seed for initial weights and dropout masks. */
  seed: number;
  /** The plugin's own options, exactly as the user passed them (stored in a3.json). */
  options: JsonObject;
  /** Name prefix the target's parameters must use (a Sequential's `name`). */
  scope: string;
  /** Where the weights live; pass it to your Sequential as `params`. */
  params: ParameterCollection;
}

export type TargetFactory = (ctx: TargetContext) => TargetNetwork | Sequential;

const targets = new PluginRegistry<TargetFactory>(
  'target network',
  'Register it with registerTarget(name, factory), or import the plugin package that does (e.g. import "@a3/target-example").',
);

/** Makes a target network available by name to A3Detector (`{ target: name }`) and to A3Detector.load. */
export function registerTarget(
  name: string,
  factory: TargetFactory,
  options: { override?: boolean } = {},
): void {
  targets.register(name, factory, options);
}

export function unregisterTarget(name: string): boolean {
  return targets.unregister(name);
}

export function getTarget(name: string): TargetFactory {
  return targets.get(name);
}

export function listTargets(): string[] {
  return targets.list();
}

/** Builds a registered target and adapts a returned Sequential to the TargetNetwork interface. */
export function createTarget(name: string, ctx: TargetContext): TargetNetwork {
  const made = getTarget(name)(ctx);
  if (made instanceof Sequential) return new SequentialTarget(made);
  if (!made || typeof made.apply !== 'function' || typeof made.loss !== 'function' || !made.params) {
    throw new InvalidArgumentError(
      `Target factory "${name}" returned neither an nn Sequential nor a TargetNetwork ({ params, apply, loss, toJSON }).`,
    );
  }
  return made;
}

/** Removes the output from a list of taps (a Sequential reports its final sigmoid as one). */
export function hiddenTaps(
  taps: readonly { name: string; role?: string; tensor: Tensor }[],
  output: Tensor,
): TargetTap[] {
  return taps
    .filter((t) => t.tensor !== output)
    .map((t) => ({ name: t.name, role: t.role ?? 'hidden', tensor: t.tensor }));
}

/** Mean binary cross-entropy of a reconstruction (from its logits) against inputs in [0, 1]. */
export function reconstructionBce(logits: Tensor, x: Tensor): Tensor {
  const flat = (t: Tensor) =>
    t.rank === 2 ? t : ops.reshape(t, [-1, t.shape.slice(1).reduce((a, b) => a * b, 1)]);
  return ops.bceWithLogits(flat(logits), flat(x));
}

const UNIT_RANGE = [0, 1] as const;

class SequentialTarget implements TargetNetwork {
  /** Activation of the output layer, seen at apply(): decides the default loss. */
  private outputActivation: string | undefined;

  constructor(private readonly model: Sequential) {}

  get params(): ParameterCollection {
    return this.model.params;
  }

  /** [0, 1] when the output is a sigmoid (BCE reconstruction), known once the model was applied. */
  get inputRange(): readonly [number, number] | undefined {
    return this.outputActivation === 'sigmoid' ? UNIT_RANGE : undefined;
  }

  apply(x: Tensor, options: TargetApplyOptions): TargetForward {
    const r = this.model.apply(x, options);
    this.outputActivation = r.taps.find((t) => t.tensor === r.output)?.activation;
    return { output: r.output, logits: r.logits, taps: hiddenTaps(r.taps, r.output) };
  }

  loss(forward: TargetForward, x: Tensor): Tensor {
    if (forward.output.shape.join(',') !== x.shape.join(',')) {
      throw new InvalidArgumentError(
        `Sequential target "${this.model.name}" outputs ${JSON.stringify(forward.output.shape.slice(1))} for inputs of ` +
          `${JSON.stringify(x.shape.slice(1))}, so it is not an autoencoder and has no default loss. ` +
          'Return a TargetNetwork with its own loss() from the factory instead.',
      );
    }
    // A sigmoid output reconstructs [0, 1] data: BCE on its logits, as the paper. Anything else: MSE.
    if (this.outputActivation === 'sigmoid') return reconstructionBce(forward.logits, x);
    return ops.mean(ops.square(ops.sub(forward.output, x)));
  }

  toJSON(): JsonObject {
    return this.model.toJSON() as unknown as JsonObject;
  }
}
