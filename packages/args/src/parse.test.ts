import { describe, expect, it } from 'vitest';
import { A3Error } from '@a3/core';
import { parseCommandLine, type OptionTable } from './parse';

const OPTIONS: OptionTable = {
  seed: { type: 'string', description: 'seed' },
  'epochs-target': { type: 'string', description: 'e' },
  'epochs-alarm': { type: 'string', description: 'e' },
  out: { type: 'string', description: 'o' },
  json: { type: 'boolean', description: 'j' },
  plugin: { type: 'string', description: 'p', multiple: true },
};

const parse = (argv: string[]) => parseCommandLine(argv, OPTIONS, 'a3 train');

/** The A3Error a bad command line throws (its message and code). */
function failure(argv: string[]): { message: string; code: string } {
  try {
    parse(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(A3Error);
    return { message: (err as A3Error).message, code: (err as A3Error).code };
  }
  throw new Error(`parsing ${argv.join(' ')} did not fail`);
}

describe('parseCommandLine', () => {
  it('reads --name value, --name=value, booleans, positionals and --', () => {
    expect(parse(['m', '--seed', '3', '--json', '--out=x.csv', 'in.csv', '--', '--not-a-flag'])).toEqual({
      values: { seed: '3', json: true, out: 'x.csv' },
      positionals: ['m', 'in.csv', '--not-a-flag'],
      help: false,
    });
  });

  it('takes a negative number after a flag as its value (the command then checks the range)', () => {
    expect(parse(['--seed', '-1']).values.seed).toBe('-1');
    expect(parse(['--seed', '-1e3']).values.seed).toBe('-1e3');
  });

  it('refuses a flag given twice, naming both values', () => {
    const f = failure(['--seed', '1', '--seed=2']);
    expect(f.message).toBe('--seed given twice ("1" and "2"); give it once.');
    expect(f.code).toBe('A3_INVALID_ARGUMENT');
    expect(failure(['--json', '--json']).message).toBe('--json given twice; give it once.');
  });

  it('collects a multi-valued flag, repeated or comma-separated', () => {
    expect(parse(['--plugin', 'a,b', '--plugin=./c.js']).values.plugin).toBe('a,b,./c.js');
  });

  it('answers an unknown flag in one line with a did-you-mean and the valid flags', () => {
    const f = failure(['--sed', '1']);
    expect(f.code).toBe('A3_INVALID_ARGUMENT');
    expect(f.message).toBe(
      'unknown option --sed; did you mean --seed? Options of a3 train: --seed, --epochs-target, ' +
        '--epochs-alarm, --out, --json, --plugin, --help.',
    );
    expect(failure(['--epochs', '3']).message).toMatch(
      /^unknown option --epochs; did you mean --epochs-target or --epochs-alarm\? Options/,
    );
    expect(failure(['--zzzzzz']).message).toMatch(/^unknown option --zzzzzz\. Options of a3 train: /);
    expect(failure(['-x']).message).toMatch(/^unknown option -x\. Options/);
  });

  it('says which flag lacks a value, and refuses a value for a switch', () => {
    expect(failure(['--seed']).message).toBe('--seed needs a value.');
    expect(failure(['--seed', '--json']).message).toBe('--seed needs a value; got the option --json.');
    expect(failure(['--json=yes']).message).toBe('--json is a switch and takes no value; got "yes".');
  });

  it('lets --help / -h win over other mistakes', () => {
    expect(parse(['--bogus', '-h']).help).toBe(true);
    expect(parse(['--help']).help).toBe(true);
    expect(parse(['--out', '-h']).help).toBe(false);
  });

  it('quotes at most ~100 characters of a huge argument', () => {
    const f = failure([`--${'a'.repeat(5000)}`]);
    expect(f.message.length).toBeLessThan(400);
  });
});

describe('parseCommandLine for another program', () => {
  const SERVE: OptionTable = {
    serve: { type: 'boolean' },
    rows: { type: 'string' },
    concurrency: { type: 'string', short: 'c' },
  };
  const serve = (argv: string[]) => parseCommandLine(argv, SERVE, 'a3-bench --serve');

  it('names the program as the user types it in the list of options', () => {
    expect(() => serve(['--serve', '--rowz', '3'])).toThrow(
      'unknown option --rowz; did you mean --rows? Options of a3-bench --serve: --serve, --rows, ' +
        '--concurrency, --help.',
    );
  });

  it('reads a short name as its long option, repeats included', () => {
    expect(serve(['-c', '4']).values).toEqual({ serve: undefined, rows: undefined, concurrency: '4' });
    expect(() => serve(['-c', '4', '--concurrency', '8'])).toThrow(
      '--concurrency given twice ("4" and "8"); give it once.',
    );
  });

  it('treats -h and --help together as one request for help', () => {
    expect(serve(['-h', '--help']).help).toBe(true);
  });
});
