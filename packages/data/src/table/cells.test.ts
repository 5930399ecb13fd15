import { describe, expect, it } from 'vitest';
import { DEFAULT_MISSING_TOKENS, describeInvalidToken, looksNumeric, parseNumericCell } from './cells';

describe('parseNumericCell', () => {
  it('agrees with Number() on plain decimals (the fast path) and on everything else', () => {
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
      '1e3',
      '-1.5E-7',
      ' 42 ',
      '+7',
      '0x1A',
      '99999999999999.9',
      '0.30000000000000004',
      '1.7976931348623157e308',
    ];
    for (const t of tokens)
      expect(Object.is(parseNumericCell(t), Number(t)) || parseNumericCell(t) === Number(t)).toBe(true);
    for (let i = 0; i < 20_000; i++) {
      const t = (Math.random() * 10 ** Math.floor(Math.random() * 12)).toFixed(Math.floor(Math.random() * 6));
      expect(parseNumericCell(t)).toBe(Number(t));
    }
  });

  it('returns NaN for blanks, missing markers, non-finite values and text', () => {
    for (const t of ['', '  ', 'NaN', 'Infinity', '-inf', 'abc', '1,5', '--1', '1.2.3', '-', '.']) {
      expect(parseNumericCell(t)).toBeNaN();
    }
  });

  it('explains why a token is invalid and what counts as numeric evidence', () => {
    const missing = new Set(DEFAULT_MISSING_TOKENS);
    expect(describeInvalidToken('NA', missing)).toMatch(/missing value/);
    expect(describeInvalidToken('Infinity', missing)).toMatch(/not finite/);
    expect(describeInvalidToken('tcp', missing)).toMatch(/not a number/);
    expect(looksNumeric('', missing) && looksNumeric('inf', missing) && looksNumeric('2', missing)).toBe(
      true,
    );
    expect(looksNumeric('tcp', missing)).toBe(false);
  });
});
