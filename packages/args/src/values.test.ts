import { describe, expect, it } from 'vitest';
import { Args, positionals } from './values';

describe('Args', () => {
  const a = new Args({
    n: '12',
    x: '0.25',
    list: 'DoS, Probe',
    flag: true,
    empty: ' ',
    neg: '-1',
    fmt: 'csv',
  });

  it('reads whole numbers, numbers in a range, lists and choices', () => {
    expect(a.int('n')).toBe(12);
    expect(a.int('neg', -5)).toBe(-1);
    expect(a.number('x', { above: 0, below: 1 })).toBe(0.25);
    expect(a.list('list')).toEqual(['DoS', 'Probe']);
    expect(a.choice('fmt', ['csv', 'json'])).toBe('csv');
    expect(a.flag('flag')).toBe(true);
    expect(a.int('missing')).toBeUndefined();
    expect(a.list('missing')).toBeUndefined();
  });

  it('names the flag, the value and what is accepted when a value is wrong', () => {
    expect(() => a.int('x')).toThrow('--x must be a whole number ≥ 1; got "0.25".');
    expect(() => a.int('neg')).toThrow('--neg must be a whole number ≥ 1; got "-1".');
    expect(() => a.number('n', { above: 0, below: 1 })).toThrow(
      '--n must be a number between 0 and 1 (exclusive); got "12".',
    );
    expect(() => a.string('empty')).toThrow('--empty is empty');
    expect(() => new Args({ l: 'a,,b' }).list('l')).toThrow('--l has an empty entry in "a,,b"');
    expect(() => new Args({ l: 'a,b,a' }).list('l')).toThrow('--l lists "a" twice.');
    expect(() => a.choice('fmt', ['json', 'xml'])).toThrow('--fmt must be one of json, xml; got "csv".');
    expect(() => a.requireString('missing', 'say why')).toThrow('--missing is required: say why.');
    expect(() => new Args({ x: 'NaN' }).int('x')).toThrow('--x must be a whole number ≥ 1; got "NaN".');
    expect(() => new Args({ x: '0x1F' }).int('x')).toThrow('--x must be a whole number ≥ 1; got "0x1F".');
    expect(() => new Args({ x: '0x1F' }).number('x')).toThrow('--x must be a finite number; got "0x1F".');
    expect(() => new Args({ x: '1e400' }).int('x')).toThrow('--x must be a whole number ≥ 1; got "1e400".');
    expect(() => new Args({ x: '1e300' }).int('x')).toThrow('--x is too large: at most 9007199254740991');
    expect(() => new Args({ x: '2.5e0' }).int('x')).toThrow('--x must be a whole number ≥ 1; got "2.5e0".');
    expect(() => new Args({ x: 'NaN' }).number('x')).toThrow('--x must be a finite number; got "NaN".');
  });

  it('reads whole numbers written with an exponent (1e9 is a whole number)', () => {
    expect(new Args({ n: '1e9' }).int('n')).toBe(1e9);
    expect(new Args({ n: '2.5e3' }).int('n')).toBe(2500);
    expect(new Args({ n: ' 7 ' }).int('n')).toBe(7);
  });

  it('quotes at most ~100 characters of a long value', () => {
    const long = '9'.repeat(400) + 'x';
    let message = '';
    try {
      new Args({ n: long }).int('n');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^--n must be a whole number ≥ 1; got "9{100}… \(401 characters\)"\.$/);
  });

  it('reads lists of whole numbers and lists of words from a fixed set', () => {
    expect(new Args({ c: '1, 16,64' }).intList('c')).toEqual([1, 16, 64]);
    expect(new Args({ c: '0,2' }).intList('c', 0)).toEqual([0, 2]);
    expect(new Args({}).intList('c')).toBeUndefined();
    expect(() => new Args({ c: '4,x' }).intList('c')).toThrow('--c must be a whole number ≥ 1; got "x".');
    expect(() => new Args({ c: '4,0' }).intList('c')).toThrow('--c must be a whole number ≥ 1; got "0".');
    expect(() => new Args({ c: '4,4' }).intList('c')).toThrow('--c lists "4" twice.');
    const kinds = ['a', 'b', 'c'] as const;
    expect(new Args({ w: 'c,a' }).choiceList('w', kinds, 'kind')).toEqual(['c', 'a']);
    expect(new Args({}).choiceList('w', kinds)).toBeUndefined();
    expect(() => new Args({ w: 'a,d' }).choiceList('w', kinds, 'kind')).toThrow(
      '--w: unknown kind "d". Choose from a, b, c.',
    );
    expect(() => new Args({ w: 'a,a' }).choiceList('w', kinds)).toThrow('--w lists "a" twice.');
    expect(() => new Args({ w: ' , ' }).choiceList('w', kinds)).toThrow('--w has an empty entry');
  });

  it('reads a number with an inclusive lower bound', () => {
    expect(new Args({ d: '0' }).number('d', { min: 0 })).toBe(0);
    expect(new Args({ d: '2.5' }).number('d', { min: 0 })).toBe(2.5);
    expect(() => new Args({ d: '-1' }).number('d', { min: 0 })).toThrow(
      '--d must be a number ≥ 0; got "-1".',
    );
    expect(() => new Args({ d: '5' }).number('d', { min: 0, below: 5 })).toThrow(
      '--d must be a number ≥ 0 and below 5; got "5".',
    );
  });

  it('checks positional arguments against the usage', () => {
    expect(positionals(['m', 'in.csv'], ['MODEL', 'INPUT'], 'a3 score MODEL INPUT')).toEqual(['m', 'in.csv']);
    expect(() => positionals([], ['MODEL', 'INPUT'], 'u')).toThrow('missing MODEL and INPUT. Usage: u');
    expect(() => positionals(['a', 'b'], ['MODEL'], 'u')).toThrow('unexpected argument "b". Usage: u');
  });
});
