import { InvalidArgumentError, ops, shapeSize, type Tensor } from '@a3/core';
import { Dense, Sequential, type ParameterCollection } from '@a3/nn';
import {
  hiddenTaps,
  reconstructionBce,
  type JsonObject,
  type TargetApplyOptions,
  type TargetContext,
  type TargetForward,
  type TargetNetwork,
} from '@a3/model';

/** The registered name (also the prefix of this plugin's error messages). */
const PLUGIN = 'target-example';

export interface TargetExampleOptions {
  /** Units of the encoder and decoder layers (default 32). */
  hidden?: number;
  /** Units of the code layer (default 8). */
  code?: number;
}

type OptionKey = keyof TargetExampleOptions;

function units(options: JsonObject, key: OptionKey, fallback: number): number {
  const v = options[key] ?? fallback;
  if (!Number.isInteger(v) || (v as number) < 1) {
    throw new InvalidArgumentError(
      `${PLUGIN}: option "${key}" must be a positive integer; got ${JSON.stringify(v)}.`,
    );
  }
  return v as number;
}

/**
 * A small tanh autoencoder: encoder → code → decoder → sigmoid reconstruction. A³ freezes it
 * after training on normal data and its alarm network reads the three hidden activations.
 */
export class TargetExample implements TargetNetwork {
  readonly model: Sequential;
  private readonly width: number;
  private readonly options: Required<TargetExampleOptions>;

  constructor(ctx: TargetContext) {
    for (const k of Object.keys(ctx.options)) {
      if (k !== 'hidden' && k !== 'code') {
        throw new InvalidArgumentError(`${PLUGIN}: unknown option "${k}"; options are hidden and code.`);
      }
    }
    this.options = { hidden: units(ctx.options, 'hidden', 32), code: units(ctx.options, 'code', 8) };
    this.width = shapeSize(ctx.inputShape);
    // Name the Sequential ctx.scope and keep its weights in ctx.params: A3Detector saves and
    // loads them by those names.
    this.model = new Sequential(
      [
        new Dense(this.options.hidden, { activation: 'tanh', name: 'encoder', role: 'encoder' }),
        new Dense(this.options.code, { activation: 'tanh', name: 'code', role: 'code' }),
        new Dense(this.options.hidden, { activation: 'tanh', name: 'decoder', role: 'decoder' }),
        new Dense(this.width, { activation: 'sigmoid', name: 'output' }),
      ],
      { name: ctx.scope, seed: ctx.seed, params: ctx.params },
    );
  }

  /**
   * The range reconstructionBce expects inputs in (the sigmoid output). A3Detector scales x into
   * it by default; with `preprocessing: 'none'` it refuses training rows outside it. Remove this
   * if your loss works for any real input (e.g. MSE on a linear output).
   */
  readonly inputRange = [0, 1] as const;

  get params(): ParameterCollection {
    return this.model.params;
  }

  apply(x: Tensor, options: TargetApplyOptions): TargetForward {
    const flat = x.rank === 2 ? x : ops.reshape(x, [-1, this.width]);
    const r = this.model.apply(flat, options);
    return { output: r.output, logits: r.logits, taps: hiddenTaps(r.taps, r.output) };
  }

  /** Reconstruction BCE on the normal samples (inputs scaled to [0, 1]). */
  loss(forward: TargetForward, x: Tensor): Tensor {
    return reconstructionBce(forward.logits, x.rank === 2 ? x : ops.reshape(x, [-1, this.width]));
  }

  toJSON(): JsonObject {
    return { type: PLUGIN, ...this.options };
  }
}
