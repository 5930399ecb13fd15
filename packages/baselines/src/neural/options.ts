import { InvalidArgumentError } from '@a3/core';
import { DEFAULT_STEPS_PER_RUN } from '@a3/train';

/**
 * Training budget and run settings every neural baseline shares. The budget is the
 * paper's epochs, capped at `maxSteps` optimiser steps so a large data set (32_shuttle:
 * ~34k training rows) still fits in seconds; small sets get their full epochs.
 */
export interface NeuralRunConfig {
  /** Seed of weights, batch order and dropout: same seed, same scores on one backend. */
  seed: number;
  /** Rows per score() backend call (memory bound, not a model setting). */
  scoreBatchSize: number;
  /** Optimiser steps per backend call on fused-step backends (onnx). */
  stepsPerRun: number;
}

export const RUN_DEFAULTS: NeuralRunConfig = {
  seed: 0,
  scoreBatchSize: 4096,
  stepsPerRun: DEFAULT_STEPS_PER_RUN,
};

/**
 * Reads a detector's options (a JSON object from the registry or the CLI): rejects unknown
 * keys with the list of known ones, checks each value's type and range, fills defaults.
 */
export class OptionReader {
  private readonly raw: Record<string, unknown>;

  constructor(
    private readonly kind: string,
    options: unknown,
    known: readonly string[],
  ) {
    if (options === undefined || options === null) this.raw = {};
    else if (typeof options !== 'object' || Array.isArray(options)) {
      throw new InvalidArgumentError(`${kind} options must be an object; got ${describe(options)}.`);
    } else this.raw = options as Record<string, unknown>;
    const unknown = Object.keys(this.raw).filter((k) => !known.includes(k) && this.raw[k] !== undefined);
    if (unknown.length > 0) {
      throw new InvalidArgumentError(
        `Unknown ${kind} option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k.slice(0, 40)}"`).join(', ')}. ` +
          `Known options: ${known.join(', ')}.`,
      );
    }
  }

  /** An integer ≥ min (default 1). */
  int(name: string, dflt: number, min = 1): number {
    const v = this.raw[name] ?? dflt;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      throw new InvalidArgumentError(
        `${this.kind} option "${name}" must be an integer ≥ ${min}; got ${describe(v)}.`,
      );
    }
    return v;
  }

  /** A finite number in [min, max] (exclusive at min when `aboveMin`). */
  num(name: string, dflt: number, range: { min?: number; max?: number; aboveMin?: boolean } = {}): number {
    const v = this.raw[name] ?? dflt;
    const { min = -Infinity, max = Infinity, aboveMin = false } = range;
    const ok = typeof v === 'number' && Number.isFinite(v) && (aboveMin ? v > min : v >= min) && v <= max;
    if (!ok) {
      const lo = min === -Infinity ? '' : `${aboveMin ? '>' : '≥'} ${min}`;
      const hi = max === Infinity ? '' : `≤ ${max}`;
      throw new InvalidArgumentError(
        `${this.kind} option "${name}" must be a finite number ${[lo, hi].filter(Boolean).join(' and ')}; got ${describe(v)}.`,
      );
    }
    return v as number;
  }

  /** An integer ≥ 1, or null (= derive from the input width). */
  intOrNull(name: string, dflt: number | null): number | null {
    const v = this.raw[name] ?? dflt;
    return v === null ? null : this.int(name, dflt ?? 1);
  }

  /** A number as num() checks it, or null (= derive from the input width). */
  numOrNull(
    name: string,
    dflt: number | null,
    range: { min?: number; max?: number; aboveMin?: boolean } = {},
  ): number | null {
    const v = this.raw[name] ?? dflt;
    return v === null ? null : this.num(name, dflt ?? 0, range);
  }

  bool(name: string, dflt: boolean): boolean {
    const v = this.raw[name] ?? dflt;
    if (typeof v !== 'boolean') {
      throw new InvalidArgumentError(
        `${this.kind} option "${name}" must be true or false; got ${describe(v)}.`,
      );
    }
    return v;
  }

  /** A non-empty list of positive integers, or null (= derive from the input width). */
  units(name: string, dflt: readonly number[] | null): number[] | null {
    const v = this.raw[name] ?? dflt;
    if (v === null) return null;
    if (!Array.isArray(v) || v.length === 0 || !v.every((u) => Number.isInteger(u) && u >= 1)) {
      throw new InvalidArgumentError(
        `${this.kind} option "${name}" must be a non-empty list of positive integers (layer widths); got ${describe(v)}.`,
      );
    }
    return [...(v as number[])];
  }

  /** The shared run settings. */
  run(): NeuralRunConfig {
    return {
      seed: this.int('seed', RUN_DEFAULTS.seed, 0),
      scoreBatchSize: this.int('scoreBatchSize', RUN_DEFAULTS.scoreBatchSize),
      stepsPerRun: this.int('stepsPerRun', RUN_DEFAULTS.stepsPerRun),
    };
  }
}

/** Option names of NeuralRunConfig, for OptionReader's list of known keys. */
export const RUN_OPTION_NAMES = Object.keys(RUN_DEFAULTS) as (keyof NeuralRunConfig)[];

/** A training phase's budget: the paper's epochs, capped in optimiser steps. */
export interface PhaseBudget {
  epochs: number;
  maxSteps: number;
  batchSize: number;
}

/** Steps a phase runs on n rows: epochs × batches per epoch, at most maxSteps. */
export function phaseSteps(n: number, b: PhaseBudget): number {
  return Math.max(1, Math.min(b.maxSteps, b.epochs * Math.ceil(n / Math.min(b.batchSize, n))));
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
