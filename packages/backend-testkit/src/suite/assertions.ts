import type { A3ErrorCode } from '@a3/core';

export class ConformanceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceError';
  }
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceError(message);
}

/**
 * Expects `f` to fail (synchronously or by rejecting) with an A3Error of `code`. Checks the
 * code rather than `instanceof`, so a backend bundling its own copy of @a3/core still passes.
 */
export async function expectA3Error(f: () => unknown, code: A3ErrorCode, what: string): Promise<Error> {
  let caught: unknown;
  try {
    await f();
  } catch (err) {
    caught = err;
  }
  if (caught === undefined)
    throw new ConformanceError(`${what}: expected an A3Error with code ${code}, but nothing was thrown.`);
  const e = caught as { code?: unknown; message?: unknown };
  if (!(caught instanceof Error) || e.code !== code) {
    throw new ConformanceError(
      `${what}: expected an A3Error with code ${code}, got ${caught instanceof Error ? caught.name : typeof caught}` +
        ` (code ${String(e.code)}): ${String(e.message)}`,
    );
  }
  return caught;
}
