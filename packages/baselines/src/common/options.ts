import { InvalidArgumentError } from '@a3/core';
import type { JsonObject } from '@a3/model';

/**
 * Reads a detector's options (the JSON object `createDetector(name, options)` passes and a3.json
 * stores): unknown keys and out-of-range values fail at construction with the valid choices named,
 * not later as a NaN score.
 */
export class DetectorOptions {
  private readonly values: Record<string, unknown>;

  constructor(
    private readonly kind: string,
    options: object | undefined,
    known: readonly string[],
  ) {
    if (
      options !== undefined &&
      (options === null || typeof options !== 'object' || Array.isArray(options))
    ) {
      throw new InvalidArgumentError(`${kind}: options must be a plain object; got ${quote(options)}.`);
    }
    this.values = (options ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(this.values)) {
      if (!known.includes(key)) {
        throw new InvalidArgumentError(`${kind}: unknown option "${key}". Options: ${known.join(', ')}.`);
      }
    }
  }

  private raw(name: string): unknown {
    const v = this.values[name];
    return v === null ? undefined : v;
  }

  /** An integer ≥ min, or the fallback when absent. */
  int(name: string, fallback: number, min = 1): number {
    const v = this.raw(name) ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      throw new InvalidArgumentError(`${this.kind}: ${name} must be an integer ≥ ${min}; got ${quote(v)}.`);
    }
    return v;
  }

  /** An integer in [min, max], or the fallback when absent. */
  intIn(name: string, fallback: number, min: number, max: number): number {
    const v = this.raw(name) ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new InvalidArgumentError(
        `${this.kind}: ${name} must be an integer from ${min} to ${max}; got ${quote(v)}.`,
      );
    }
    return v;
  }

  /** A finite number ≥ min, or the fallback when absent. */
  atLeast(name: string, fallback: number, min: number): number {
    const v = this.raw(name) ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
      throw new InvalidArgumentError(
        `${this.kind}: ${name} must be a finite number ≥ ${min}; got ${quote(v)}.`,
      );
    }
    return v;
  }

  /** A number strictly between lo and hi, or undefined when absent. */
  optionalBetween(name: string, lo: number, hi: number): number | undefined {
    return this.raw(name) === undefined ? undefined : this.between(name, lo, lo, hi);
  }

  /** One of the allowed values (strings or booleans), or the fallback when absent. */
  oneOf<T extends string | boolean>(name: string, fallback: T, allowed: readonly T[]): T {
    const v = this.raw(name) ?? fallback;
    if (!allowed.includes(v as T)) {
      throw new InvalidArgumentError(
        `${this.kind}: ${name} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}; got ${quote(v)}.`,
      );
    }
    return v as T;
  }

  /** An integer ≥ min, or undefined when absent (a default that depends on the data). */
  optionalInt(name: string, min = 1): number | undefined {
    return this.raw(name) === undefined ? undefined : this.int(name, min, min);
  }

  /** A finite number strictly between lo and hi. */
  between(name: string, fallback: number, lo: number, hi: number): number {
    const v = this.raw(name) ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= lo || v >= hi) {
      throw new InvalidArgumentError(
        `${this.kind}: ${name} must be a number strictly between ${lo} and ${hi}; got ${quote(v)}.`,
      );
    }
    return v;
  }

  string(name: string, fallback: string): string {
    const v = this.raw(name) ?? fallback;
    if (typeof v !== 'string' || v === '') {
      throw new InvalidArgumentError(`${this.kind}: ${name} must be a non-empty string; got ${quote(v)}.`);
    }
    return v;
  }

  object(name: string): JsonObject {
    const v = this.raw(name) ?? {};
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw new InvalidArgumentError(`${this.kind}: ${name} must be a plain object; got ${quote(v)}.`);
    }
    return JSON.parse(JSON.stringify(v)) as JsonObject;
  }
}

/** A value as JSON for an error message, cut to ~100 characters. */
function quote(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 100 ? `${s.slice(0, 97)}...` : s;
}
