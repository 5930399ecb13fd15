import { ops, type Tensor } from '@a3/core';
import { Sequential, type ApplyResult, type Layer, type ParameterCollection } from '@a3/nn';
import type { JsonObject } from '../format/manifest';
import {
  hiddenTaps,
  reconstructionBce,
  type TargetApplyOptions,
  type TargetContext,
  type TargetForward,
  type TargetNetwork,
} from './target';

/**
 * The built-in targets: one `Sequential` (scope, seed and weights from the context) that reads
 * samples of `sampleShape`. Inputs of another rank are reshaped to `[N, ...sampleShape]` first.
 */
export abstract class SequentialTargetBase implements TargetNetwork {
  readonly model: Sequential;

  protected constructor(
    /** The registry name, written into toJSON(). */
    private readonly type: string,
    protected readonly ctx: TargetContext,
    layers: Layer[],
    private readonly sampleShape: readonly number[],
  ) {
    this.model = new Sequential(layers, { name: ctx.scope, seed: ctx.seed, params: ctx.params });
  }

  get params(): ParameterCollection {
    return this.model.params;
  }

  abstract apply(x: Tensor, options: TargetApplyOptions): TargetForward;
  abstract loss(forward: TargetForward, x: Tensor, labels?: Tensor): Tensor;

  /** Applies the model to `x` in its sample shape; `restore` reshapes a result like `x` again. */
  protected run(
    x: Tensor,
    options: TargetApplyOptions,
  ): { result: ApplyResult; restore: (t: Tensor) => Tensor } {
    const native = x.rank === this.sampleShape.length + 1;
    const result = this.model.apply(native ? x : ops.reshape(x, [-1, ...this.sampleShape]), options);
    return { result, restore: (t) => (native ? t : ops.reshape(t, x.shape)) };
  }

  toJSON(): JsonObject {
    return {
      type: this.type,
      inputShape: [...this.ctx.inputShape],
      model: this.model.toJSON() as unknown as JsonObject,
    };
  }
}

/**
 * An autoencoder target: the output reconstructs the input (shaped like it), the logits are
 * the output before its sigmoid, the taps every hidden activation; loss = reconstruction BCE.
 */
export abstract class AutoencoderTarget extends SequentialTargetBase {
  /** The sigmoid output and BCE loss reconstruct inputs in [0, 1]. */
  readonly inputRange = [0, 1] as const;

  apply(x: Tensor, options: TargetApplyOptions): TargetForward {
    const { result: r, restore } = this.run(x, options);
    return { output: restore(r.output), logits: restore(r.logits), taps: hiddenTaps(r.taps, r.output) };
  }

  loss(forward: TargetForward, x: Tensor): Tensor {
    return reconstructionBce(forward.logits, x);
  }
}
