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

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Parses one numeric cell; NaN means "not a valid finite number".
 *
 * Plain decimals with at most 15 digits ("0.06", "-12983") take a hand-written path: the digits
 * form an exact integer and 10^k is exact, so one IEEE division gives the correctly rounded value,
 * identical to Number(). Tabular data is mostly such tokens and this is several times faster.
 * Anything else (exponents, spaces, hex, long mantissas) goes to Number(), which maps blank
 * strings to 0, hence the blank check.
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
  const n = Number(token);
  if (n === 0) return token.trim().length === 0 ? NaN : 0;
  return Number.isFinite(n) ? n : NaN;
}

/** Why a token was rejected, phrased for an error message. */
export function describeInvalidToken(token: string, missing: ReadonlySet<string>): string {
  if (missing.has(token.trim())) return `a missing value (${JSON.stringify(token)})`;
  if (NON_FINITE.test(token.trim())) return `not finite (${JSON.stringify(token)})`;
  return `not a number (${JSON.stringify(token.length > 40 ? `${token.slice(0, 40)}…` : token)})`;
}

/** True when a token gives evidence that its column is numeric-or-missing, used for type inference. */
export function looksNumeric(token: string, missing: ReadonlySet<string>): boolean {
  if (!Number.isNaN(parseNumericCell(token))) return true;
  const t = token.trim();
  return missing.has(t) || NON_FINITE.test(t);
}
