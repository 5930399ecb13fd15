import { InvalidArgumentError } from '@a3/core';
import { nearestNames } from './did-you-mean';
import { clip } from './quote';
import type { OptionValues } from './values';

/** One option of a program's table; the key of the table is its long name (`seed` for --seed). */
export interface OptionSpec {
  /** 'boolean': a switch (--json); 'string': takes a value (--seed 3, --seed=3). */
  type: 'string' | 'boolean';
  /** One letter for `-x` (no value bundling: `-x` is a switch or takes the next argument). */
  short?: string;
  /** What the option is for, for help text; the parser does not read it. */
  description?: string;
  /** The value when the option is not given. */
  default?: string | boolean;
  /** May be given several times (and comma-separated); the values arrive joined by ','. */
  multiple?: boolean;
}

/** A program's options by long name. `--help` / `-h` are always known and need no entry. */
export type OptionTable = Readonly<Record<string, OptionSpec>>;

export interface CommandLine {
  /** Every option of the command: the value given, else its default, else undefined. */
  values: OptionValues;
  positionals: string[];
  /** --help or -h was given (it wins over every other mistake on the line). */
  help: boolean;
}

/** The separator of a multi-valued option's values (`--plugin a,b` = `--plugin a --plugin b`). */
export const MULTI_SEPARATOR = ',';

/**
 * Reads a program's arguments against its option table — the one option parser of the a3 CLI and
 * a3-bench.
 *
 * Unlike node:util's parseArgs it takes a value that looks like a negative number after a flag
 * (`--seed -1`, so the command can say "--seed must be ≥ 0" instead of the parser's two lines),
 * refuses a flag given twice instead of keeping the last, joins the values of a `multiple`
 * option, and answers an unknown flag with the nearest names and every flag of `program` (the
 * name a user types, as messages show it: `a3 train`, `a3-bench --serve`). Every failure is an
 * InvalidArgumentError of one line; --help / -h wins over every mistake on the line.
 */
export function parseCommandLine(
  argv: readonly string[],
  options: OptionTable,
  program: string,
): CommandLine {
  const given: Record<string, string | true> = {};
  const positionals: string[] = [];
  let help = false;
  let problem: string | undefined;
  const fail = (why: string) => (problem ??= why);
  const byShort = new Map(Object.entries(options).flatMap(([k, o]) => (o.short ? [[o.short, k]] : [])));

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (token === '--help' || token === '-h') {
      help = true;
      continue;
    }
    if (!token.startsWith('-') || token === '-' || /^-\d/.test(token)) {
      positionals.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const long = token.startsWith('--');
    const written = long ? token.slice(2, eq >= 0 ? eq : undefined) : token.slice(1);
    const name = long ? written : byShort.get(written);
    const spec = name !== undefined ? options[name] : undefined;
    if (name === undefined || spec === undefined || !Object.hasOwn(options, name)) {
      fail(unknownOption(long ? `--${written}` : token, options, program));
      continue;
    }
    let value: string | true;
    if (spec.type === 'boolean') {
      if (long && eq >= 0) {
        fail(`--${name} is a switch and takes no value; got "${clip(token.slice(eq + 1))}".`);
        continue;
      }
      value = true;
    } else if (long && eq >= 0) {
      value = token.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined) {
        fail(`--${name} needs a value.`);
        continue;
      }
      if (next.startsWith('--')) {
        fail(`--${name} needs a value; got the option ${clip(next)}.`);
        continue;
      }
      value = next;
      i++;
    }
    const before = given[name];
    if (before === undefined) given[name] = value;
    else if (spec.multiple && typeof before === 'string' && typeof value === 'string') {
      given[name] = `${before}${MULTI_SEPARATOR}${value}`;
    } else {
      fail(
        typeof before === 'string' && typeof value === 'string'
          ? `--${name} given twice ("${clip(before)}" and "${clip(value)}"); give it once.`
          : `--${name} given twice; give it once.`,
      );
    }
  }
  if (help) return { values: {}, positionals, help };
  if (problem !== undefined) throw new InvalidArgumentError(problem);
  const values: OptionValues = {};
  for (const [k, o] of Object.entries(options)) values[k] = given[k] ?? o.default;
  return { values, positionals, help };
}

function unknownOption(written: string, options: OptionTable, program: string): string {
  const names = Object.keys(options);
  const typo = written.replace(/^-+/, '');
  const near = nearestNames(typo, names).map((n) => `--${n}`);
  const guess = near.length ? `; did you mean ${near.join(' or ')}?` : '.';
  const all = [...names.map((n) => `--${n}`), '--help'].join(', ');
  return `unknown option ${clip(written)}${guess} Options of ${program}: ${all}.`;
}
