import { parseNumericCell } from '../table/cells';

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * parseNumericCell for the bytes `buf[start, end)`, without building a string for the common
 * case: a plain decimal of at most 16 bytes and 15 digits ("0", "-12983", "0.06") is computed
 * exactly as parseNumericCell's own fast path does (the digits as an exact integer, one IEEE
 * division by an exact power of ten: the correctly rounded value). Anything else — signs other
 * than a leading '-', exponents, spaces, non-ASCII — is decoded as UTF-8 and handed to
 * parseNumericCell itself, so the result is the same number (or NaN) in every case.
 */
export function parseNumericBytes(buf: Uint8Array, start: number, end: number): number {
  const len = end - start;
  if (len > 0 && len <= 16) {
    let i = start;
    let neg = false;
    let c = buf[i];
    if (c === 45) {
      neg = true;
      i++;
    }
    let mantissa = 0;
    let digits = 0;
    let frac = -1;
    for (; i < end; i++) {
      c = buf[i];
      if (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
      } else if (c === 46 && frac === -1) {
        frac = i;
      } else {
        break;
      }
    }
    if (i === end && digits > 0 && digits <= 15 && frac !== end - 1) {
      const scale = frac === -1 ? 0 : end - 1 - frac;
      const v = scale ? mantissa / POW10[scale] : mantissa;
      return neg ? -v : v;
    }
  }
  return parseNumericCell(Buffer.from(buf.buffer, buf.byteOffset + start, len).toString('utf8'));
}
