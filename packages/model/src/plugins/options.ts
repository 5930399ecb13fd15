import { InvalidArgumentError } from '@a3/core';
import { ACTIVATIONS, type ActivationName } from '@a3/nn';
import { MODEL_LIMITS } from '../format/limits';
import type { JsonObject } from '../format/manifest';

/** Reads typed plugin options with messages that name the plugin and the option. */
export class OptionReader {
  constructor(
    private readonly owner: string,
    private readonly options: JsonObject,
    known: readonly string[],
  ) {
    for (const k of Object.keys(options)) {
      if (!known.includes(k)) {
        throw new InvalidArgumentError(`${owner}: unknown option "${k}". Options: ${known.join(', ')}.`);
      }
    }
  }

  layerSizes(key: string, fallback: readonly number[], allowEmpty = false): number[] {
    const v = this.options[key] ?? [...fallback];
    if (
      !Array.isArray(v) ||
      (!allowEmpty && v.length === 0) ||
      !v.every((d) => Number.isInteger(d) && (d as number) > 0)
    ) {
      throw new InvalidArgumentError(
        `${this.owner}: option "${key}" must be a${allowEmpty ? 'n' : ' non-empty'} array of positive integers ` +
          `(layer sizes); got ${JSON.stringify(v)?.slice(0, 100)}.`,
      );
    }
    const { maxLayers, maxLayerWidth } = MODEL_LIMITS;
    if (v.length > maxLayers) {
      throw new InvalidArgumentError(
        `${this.owner}: option "${key}" lists ${v.length} layers, above the limit of ${maxLayers}.`,
      );
    }
    const wide = (v as number[]).findIndex((d) => d > maxLayerWidth);
    if (wide >= 0) {
      throw new InvalidArgumentError(
        `${this.owner}: option "${key}"[${wide}] is ${(v as number[])[wide]} units, above the limit of ` +
          `${maxLayerWidth} (2^20) per layer.`,
      );
    }
    return v as number[];
  }

  /** A whole number in [min, max] (a count such as classes or epochs). */
  count(key: string, fallback: number, min: number, max: number): number {
    return this.number(
      key,
      fallback,
      (n) => Number.isInteger(n) && n >= min && n <= max,
      `an integer in [${min}, ${max}]`,
    );
  }

  rate(key: string, fallback: number): number {
    const v = this.options[key] ?? fallback;
    if (typeof v !== 'number' || !(v >= 0 && v < 1)) {
      throw new InvalidArgumentError(
        `${this.owner}: option "${key}" must be a rate in [0, 1); got ${JSON.stringify(v)?.slice(0, 100)}.`,
      );
    }
    return v;
  }

  number(key: string, fallback: number, check: (n: number) => boolean, what: string): number {
    const v = this.options[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || !check(v)) {
      const got =
        this.options[key] === undefined ? 'nothing (it is required)' : JSON.stringify(v)?.slice(0, 100);
      throw new InvalidArgumentError(`${this.owner}: option "${key}" must be ${what}; got ${got}.`);
    }
    return v;
  }

  activation(key: string, fallback: ActivationName): ActivationName {
    const v = this.options[key] ?? fallback;
    if (typeof v !== 'string' || !(ACTIVATIONS as readonly string[]).includes(v)) {
      throw new InvalidArgumentError(
        `${this.owner}: option "${key}" must be one of ${ACTIVATIONS.join(', ')}; got ${JSON.stringify(v)?.slice(0, 100)}.`,
      );
    }
    return v as ActivationName;
  }
}
