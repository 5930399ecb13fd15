import { describe, expect, it } from 'vitest';
import { DEFAULT_MISSING_TOKENS, describeInvalidToken, looksNumeric, parseNumericCell } from './cells';

describe('parseNumericCell', () => {
  it('agrees with Number() on decimal numbers (the fast path and the rest)', () => {
    const tokens = [
      '0',
      '-0',
      '0.00',
      '1.00',
      '0.06',
      '12983',
      '-2.5',
      '123456789012345',
      '1234567890123456',
      '0.1',
      '0.7',
      '3.14159',
      '.5',
      '5.',
      '-.5',
      '1e3',
      '-1.5E-7',
      '2e+10',
      '+7',
      '99999999999999.9',
      '0.30000000000000004',
      '1.7976931348623157e308',
      '00012',
    ];
    for (const t of tokens) expect(Object.is(parseNumericCell(t), Number(t)), t).toBe(true);
    for (let i = 0; i < 20_000; i++) {
      const t = (Math.random() * 10 ** Math.floor(Math.random() * 12)).toFixed(Math.floor(Math.random() * 6));
      expect(parseNumericCell(t)).toBe(Number(t));
    }
  });

  it('ignores surrounding whitespace, as categorical values are trimmed', () => {
    expect(parseNumericCell(' 42 ')).toBe(42);
    expect(parseNumericCell('\t-1.5')).toBe(-1.5);
  });

  it("reads only decimal notation: no hex, binary, octal or separators (Number('0x1F') is 31)", () => {
    for (const t of [
      '0x1F',
      '0X1f',
      '0b11',
      '0o17',
      '1_000',
      '1,000',
      '١٢',
      '12abc',
      '1e',
      'e5',
      '1e5.5',
      '+-1',
      '- 1',
      '1 2',
    ]) {
      expect(parseNumericCell(t), t).toBeNaN();
    }
    const missing = new Set(DEFAULT_MISSING_TOKENS);
    expect(looksNumeric('0x1F', missing)).toBe(false);
    expect(describeInvalidToken('0x1F', missing)).toMatch(/not a number \("0x1F"\)/);
  });

  it('returns NaN for blanks, missing markers, non-finite values and text', () => {
    for (const t of [
      '',
      '  ',
      '\t',
      'NaN',
      'Infinity',
      '-inf',
      '1e999',
      'abc',
      '1,5',
      '--1',
      '1.2.3',
      '-',
      '.',
      '+',
      '.e1',
    ]) {
      expect(parseNumericCell(t)).toBeNaN();
    }
  });

  it('explains why a token is invalid and what counts as numeric evidence', () => {
    const missing = new Set(DEFAULT_MISSING_TOKENS);
    expect(describeInvalidToken('NA', missing)).toMatch(/missing value/);
    expect(describeInvalidToken('Infinity', missing)).toMatch(/not finite/);
    expect(describeInvalidToken('tcp', missing)).toMatch(/not a number/);
    expect(describeInvalidToken('-1e999', missing)).toMatch(/not finite/);
    expect(looksNumeric('', missing) && looksNumeric('inf', missing) && looksNumeric('2', missing)).toBe(
      true,
    );
    expect(looksNumeric('tcp', missing)).toBe(false);
  });
});
