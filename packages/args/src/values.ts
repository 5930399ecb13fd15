import { InvalidArgumentError } from '@a3/core';
import { clip } from './quote';

/** Decimal notation only: no hex (`0x1F` is not 31 here), no `Infinity`, no `1_000`. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function decimal(raw: string): number {
  const t = raw.trim();
  return DECIMAL.test(t) ? Number(t) : NaN;
}

function wholeNumber(name: string, raw: string, min: number): number {
  const v = decimal(raw);
  if (!Number.isInteger(v) || v < min) {
    throw new InvalidArgumentError(`--${name} must be a whole number ≥ ${min}; got "${clip(raw)}".`);
  }
  if (!Number.isSafeInteger(v)) {
    throw new InvalidArgumentError(
      `--${name} is too large: at most ${Number.MAX_SAFE_INTEGER}; got "${clip(raw)}".`,
    );
  }
  return v;
}

/** Option values as parseCommandLine hands them on (strings, booleans, or absent). */
export type OptionValues = Record<string, string | boolean | undefined>;

/**
 * Typed readers for command-line option values (parseCommandLine's `values`). Each one fails with
 * the flag's name, the value given and what would be accepted, so a typo never reaches a training
 * loop as NaN.
 */
export class Args {
  constructor(private readonly values: OptionValues) {}

  has(name: string): boolean {
    const v = this.values[name];
    return v !== undefined && v !== false;
  }

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  string(name: string): string | undefined {
    const v = this.values[name];
    if (v === undefined || typeof v === 'boolean') return undefined;
    if (v.trim() === '') {
      throw new InvalidArgumentError(`--${name} is empty; give it a value or leave it out.`);
    }
    return v;
  }

  requireString(name: string, why: string): string {
    const v = this.string(name);
    if (v === undefined) throw new InvalidArgumentError(`--${name} is required: ${why}.`);
    return v;
  }

  /** A whole number ≥ `min` (default 1), in decimal notation; an exponent is fine when the value is whole (1e9). */
  int(name: string, min = 1): number | undefined {
    const raw = this.string(name);
    return raw === undefined ? undefined : wholeNumber(name, raw, min);
  }

  /** Comma-separated whole numbers ≥ `min` ("1,16,64"), each read as int() reads one; duplicates are an error. */
  intList(name: string, min = 1): number[] | undefined {
    return this.list(name)?.map((item) => wholeNumber(name, item, min));
  }

  /**
   * A finite number strictly above `above` or at least `min` (and strictly below `below`), each
   * bound only when given.
   */
  number(name: string, range: { above?: number; min?: number; below?: number } = {}): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const v = decimal(raw);
    const { above, min, below } = range;
    const ok =
      Number.isFinite(v) &&
      (above === undefined || v > above) &&
      (min === undefined || v >= min) &&
      (below === undefined || v < below);
    if (!ok) {
      const bounds =
        above !== undefined && below !== undefined
          ? `a number between ${above} and ${below} (exclusive)`
          : above !== undefined
            ? `a number greater than ${above}`
            : min !== undefined && below !== undefined
              ? `a number ≥ ${min} and below ${below}`
              : min !== undefined
                ? `a number ≥ ${min}`
                : below !== undefined
                  ? `a number below ${below}`
                  : 'a finite number';
      throw new InvalidArgumentError(`--${name} must be ${bounds}; got "${clip(raw)}".`);
    }
    return v;
  }

  /** A comma-separated list of non-empty names ("DoS,Probe"); duplicates are an error. */
  list(name: string): string[] | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const items = raw.split(',').map((s) => s.trim());
    if (items.some((s) => s === '')) {
      throw new InvalidArgumentError(
        `--${name} has an empty entry in "${clip(raw)}"; use comma-separated names such as "a,b".`,
      );
    }
    const dup = items.find((s, i) => items.indexOf(s) !== i);
    if (dup !== undefined) throw new InvalidArgumentError(`--${name} lists "${clip(dup)}" twice.`);
    return items;
  }

  /**
   * A comma-separated list of words from a fixed set ("infer-b1,alarm-train-step"), in the order
   * given; an empty entry, a duplicate or a word outside the set is an error naming `what` one
   * entry is ("workload").
   */
  choiceList<T extends string>(name: string, choices: readonly T[], what = 'entry'): T[] | undefined {
    const items = this.list(name);
    const unknown = items?.find((s) => !(choices as readonly string[]).includes(s));
    if (unknown !== undefined) {
      throw new InvalidArgumentError(
        `--${name}: unknown ${what} "${clip(unknown)}". Choose from ${choices.join(', ')}.`,
      );
    }
    return items as T[] | undefined;
  }

  /** One of a fixed set of words. */
  choice<T extends string>(name: string, choices: readonly T[]): T | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (!(choices as readonly string[]).includes(raw)) {
      throw new InvalidArgumentError(`--${name} must be one of ${choices.join(', ')}; got "${clip(raw)}".`);
    }
    return raw as T;
  }
}

/** The positional arguments a command expects, by name, with a clear message when one is missing. */
export function positionals(given: readonly string[], names: readonly string[], usage: string): string[] {
  if (given.length < names.length) {
    throw new InvalidArgumentError(`missing ${names.slice(given.length).join(' and ')}. Usage: ${usage}`);
  }
  if (given.length > names.length) {
    throw new InvalidArgumentError(`unexpected argument "${clip(given[names.length])}". Usage: ${usage}`);
  }
  return [...given];
}
