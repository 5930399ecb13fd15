import { FormatError } from '@a3/core';
import { quoteValue } from '../messages/quote';

/**
 * Checks for fromJSON: a preprocessor comes back from a3.json, which users can edit by hand, so
 * every field is validated and a bad one is named by its path.
 */
export type JsonObject = { readonly [key: string]: unknown };

export function expectObject(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FormatError(`Preprocessor JSON: ${path} must be an object.`);
  }
  return value as JsonObject;
}

export function expectType(obj: JsonObject, type: string, path: string): void {
  if (obj.type !== type) {
    throw new FormatError(`Preprocessor JSON: ${path}.type must be "${type}", got ${quoteValue(obj.type)}.`);
  }
}

export function expectString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new FormatError(`Preprocessor JSON: ${path} must be a string.`);
  return value;
}

export function expectBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new FormatError(`Preprocessor JSON: ${path} must be true or false.`);
  return value;
}

export function expectOneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (!allowed.includes(value as T)) {
    throw new FormatError(
      `Preprocessor JSON: ${path} must be one of ${allowed.join(', ')}; got ${quoteValue(value)}.`,
    );
  }
  return value as T;
}

export function expectArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new FormatError(`Preprocessor JSON: ${path} must be an array.`);
  return value;
}

export function expectStrings(value: unknown, path: string): string[] {
  return expectArray(value, path).map((v, i) => expectString(v, `${path}[${i}]`));
}

export function expectNumbers(value: unknown, path: string, length?: number): Float64Array {
  const arr = expectArray(value, path);
  if (length !== undefined && arr.length !== length) {
    throw new FormatError(`Preprocessor JSON: ${path} has ${arr.length} values, expected ${length}.`);
  }
  return Float64Array.from(arr, (v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new FormatError(`Preprocessor JSON: ${path}[${i}] must be a finite number.`);
    }
    return v;
  });
}
