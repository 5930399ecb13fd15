import { InvalidArgumentError } from '@a3/core';
import { formatCount } from '../messages/quote';

/**
 * The most bytes one read may inflate from compressed data (.npz members, .gz IDX files), summed
 * over everything that read inflates. Deflate reaches ~1000:1, so a few MB on disk can claim
 * gigabytes; readers check every declared size against this before inflating anything.
 * 2 GiB is far above real data sets (MNIST 47 MB, EMNIST 550 MB, ADBench < 100 MB).
 */
export const DEFAULT_MAX_INFLATED_BYTES = 2 * 1024 ** 3;

/** Environment variable that sets the limit for every reader (an option given in code wins). */
export const INFLATE_LIMIT_ENV = 'A3_MAX_INFLATED_BYTES';

const UNITS: Readonly<Record<string, number>> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** The limit in bytes: the option if given, else A3_MAX_INFLATED_BYTES, else the default. */
export function resolveInflateLimit(option?: number): number {
  if (option !== undefined) {
    if (!(Number.isSafeInteger(option) && option > 0)) {
      throw new InvalidArgumentError(
        `maxInflatedBytes must be a positive whole number of bytes, got ${String(option)}.`,
      );
    }
    return option;
  }
  const env = process.env[INFLATE_LIMIT_ENV];
  if (env === undefined || env.trim() === '') return DEFAULT_MAX_INFLATED_BYTES;
  const m = /^\s*(\d{1,15})\s*([KMG]?)(?:i?B)?\s*$/i.exec(env);
  const bytes = m ? Number(m[1]) * (UNITS[m[2].toUpperCase()] ?? 1) : NaN;
  if (!(bytes > 0)) {
    throw new InvalidArgumentError(
      `${INFLATE_LIMIT_ENV} must be a positive number of bytes, optionally with K, M or G (e.g. 4G); ` +
        `got ${JSON.stringify(env.slice(0, 40))}.`,
    );
  }
  return bytes;
}

/** The advice every limit error ends with. */
export function limitAdvice(limit: number): string {
  return (
    `more than the limit of ${formatCount(limit)} bytes. If the file is genuine, raise the limit with ` +
    `the maxInflatedBytes option or the ${INFLATE_LIMIT_ENV} environment variable (e.g. ${INFLATE_LIMIT_ENV}=8G).`
  );
}
