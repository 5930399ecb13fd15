import { quoteInput } from '../messages/quote';

/**
 * What to do with a value that cannot become a finite number (empty, "NA", "NaN", "Infinity",
 * text in a numeric column) or a ragged row:
 * - 'error' (default): fail with a DataError naming file, line and column;
 * - 'drop-row': skip the whole row;
 * - 'impute-mean': replace the value with its column's mean (of the valid values; for a fitted
 *   preprocessor, the training mean). Ragged rows still fail: there is no column to impute.
 */
export type InvalidPolicy = 'error' | 'drop-row' | 'impute-mean';

export const INVALID_POLICIES: readonly InvalidPolicy[] = ['error', 'drop-row', 'impute-mean'];

/** Tokens read as "no value" in numeric columns (pandas' defaults, trimmed to the common ones). */
export const DEFAULT_MISSING_TOKENS: readonly string[] = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', '?'];

const NON_FINITE = /^[+-]?(inf|infinity|nan)$/i;

/**
 * Decimal notation only: optional sign, digits with an optional point, optional exponent.
 * Number() also reads "0x1F" (31), "0b11", "0o17" and "" (0) — none of which a data file means.
 */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Parses one numeric cell; NaN means "not a valid finite number".
 *
 * Accepted: decimal notation (DECIMAL above), with surrounding whitespace ignored as trim() would
 * remove it. Hex, binary, octal, digit separators, blanks and overflow to ±Infinity are NaN.
 * Plain decimals with at most 15 digits ("0.06", "-12983") take a hand-written path: the digits
 * form an exact integer and 10^k is exact, so one IEEE division gives the correctly rounded value,
 * identical to Number(). Tabular data is mostly such tokens and this is several times faster.
 */
export function parseNumericCell(token: string): number {
  const len = token.length;
  if (len > 0 && len <= 16) {
    let i = 0;
    let neg = false;
    let c = token.charCodeAt(0);
    if (c === 45) {
      neg = true;
      i = 1;
    }
    let mantissa = 0;
    let digits = 0;
    let frac = -1;
    for (; i < len; i++) {
      c = token.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
      } else if (c === 46 && frac === -1) {
        frac = i;
      } else {
        break;
      }
    }
    if (i === len && digits > 0 && digits <= 15 && frac !== len - 1) {
      const scale = frac === -1 ? 0 : len - 1 - frac;
      const v = scale ? mantissa / POW10[scale] : mantissa;
      return neg ? -v : v;
    }
  }
  const t = token.trim();
  if (!DECIMAL.test(t)) return NaN;
  const n = Number(t);
  return Number.isFinite(n) ? n : NaN;
}

/** Why a token was rejected, phrased for an error message. */
export function describeInvalidToken(token: string, missing: ReadonlySet<string>): string {
  const t = token.trim();
  if (missing.has(t)) return `a missing value (${quoteInput(token)})`;
  if (NON_FINITE.test(t) || DECIMAL.test(t)) return `not finite (${quoteInput(token)})`;
  return `not a number (${quoteInput(token)})`;
}

/** What a token says about its column's kind, for type inference. */
export type TokenEvidence = 'number' | 'missing' | 'text';

/** 'number' for numbers, also non-finite ones ("inf", "1e999"); 'missing' for missing tokens. */
export function tokenEvidence(token: string, missing: ReadonlySet<string>): TokenEvidence {
  if (!Number.isNaN(parseNumericCell(token))) return 'number';
  const t = token.trim();
  if (missing.has(t)) return 'missing';
  return NON_FINITE.test(t) || DECIMAL.test(t) ? 'number' : 'text';
}

/** True when a token gives evidence that its column is numeric-or-missing. */
export function looksNumeric(token: string, missing: ReadonlySet<string>): boolean {
  return tokenEvidence(token, missing) !== 'text';
}
