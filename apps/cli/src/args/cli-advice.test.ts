import { describe, expect, it } from 'vitest';
import type { OptionSpec } from '../commands/command';
import { cliAdvice } from './cli-advice';

const opt = (type: 'string' | 'boolean' = 'string'): OptionSpec => ({ type, description: '' });
const SCORE = { 'on-invalid': opt(), 'no-header': opt('boolean'), 'chunk-size': opt() };
const TRAIN = { 'on-invalid': opt(), 'label-column': opt(), 'n-known': opt() };

describe('cliAdvice', () => {
  // The messages below are @a3/data's own wording (table-builder.ts, csv-chunks.ts, schema.ts,
  // tabular-preprocessor.ts, csv-recipe.ts).
  it('turns API option names into the command’s flags', () => {
    expect(cliAdvice('Clean the data or choose onInvalid: "drop-row" or "impute-mean".', SCORE)).toBe(
      'Clean the data or choose --on-invalid drop-row or impute-mean.',
    );
    expect(cliAdvice('Fix the row or pass onInvalid: "drop-row".', TRAIN)).toBe(
      'Fix the row or pass --on-invalid drop-row.',
    );
    expect(cliAdvice('read the data with onInvalid "drop-row" or "impute-mean".', TRAIN)).toBe(
      'read the data with --on-invalid drop-row or impute-mean.',
    );
    expect(cliAdvice('Recipe "csv" needs options.labelColumn: one of a, b.', TRAIN)).toBe(
      'Recipe "csv" needs --label-column: one of a, b.',
    );
    expect(cliAdvice('chunkSize must be a positive integer, got 0.', SCORE)).toBe(
      '--chunk-size must be a positive integer, got 0.',
    );
  });

  it('says --no-header where the library says header: [...], and only where the command has it', () => {
    const msg =
      'f.csv: the header names column "0" twice. Rename one, or pass header: [...names] to name columns yourself.';
    expect(cliAdvice(msg, SCORE)).toBe(
      'f.csv: the header names column "0" twice. Rename one, or pass --no-header if the file has no header row.',
    );
    expect(cliAdvice(msg, TRAIN)).toBe(
      'f.csv: the header names column "0" twice. Rename one (the file needs a header row of distinct names).',
    );
  });

  it('points at --plugin where the registry says to import a plugin', () => {
    // @a3/model's UnknownPluginError for targets (targets/target.ts).
    const msg =
      'Unknown target network "target-lstm". Registered: conv-ae, dense-ae. Register it with ' +
      'registerTarget(name, factory), or import the plugin package that does (e.g. import "@a3/target-example").';
    expect(cliAdvice(msg, { plugin: opt() })).toBe(
      'Unknown target network "target-lstm". Registered: conv-ae, dense-ae. Load the plugin that registers ' +
        'it with --plugin PKG (or list it in a3.config.json).',
    );
    expect(cliAdvice(msg, {})).toBe(msg);
  });

  it('leaves names alone that the command has no flag for, and ordinary words', () => {
    expect(cliAdvice('inferRows must be a positive integer.', SCORE)).toBe(
      'inferRows must be a positive integer.',
    );
    expect(cliAdvice('the delimiter is wrong', SCORE)).toBe('the delimiter is wrong');
    expect(cliAdvice('pass onInvalid: "drop-row".', {})).toBe('pass onInvalid: "drop-row".');
  });
});
