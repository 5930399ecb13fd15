import { DataError } from '@a3/core';
import { listSome, quoteInput } from '../messages/quote';
import { tokenEvidence } from '../table/cells';
import type { ColumnSpec, KindEvidence } from '../table/table-builder';
import type { ResolvedCsvOptions } from './options';

export interface CsvSchema {
  /** All column names in the file, in order. */
  readonly header: readonly string[];
  /** Indices (into header) of the columns that are kept. */
  readonly keep: readonly number[];
  /** Specs of the kept columns, in order. */
  readonly specs: readonly ColumnSpec[];
}

export function headerNames(first: readonly string[], opts: ResolvedCsvOptions, file: string): string[] {
  const names = Array.isArray(opts.header)
    ? [...(opts.header as readonly string[])]
    : opts.header
      ? first.map((n, j) => (opts.trim ? n.trim() : n) || `column${j + 1}`)
      : first.map((_, j) => `column${j + 1}`);
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) {
      throw new DataError(
        `${file}: the header names column ${quoteInput(n)} twice. Rename one, or pass header: [...names] to name columns yourself.`,
      );
    }
    seen.add(n);
  }
  return names;
}

/**
 * Decides which columns are kept and their kinds: declared first, inferred from `sample` otherwise.
 *
 * The inference rule: a column is categorical only when its sample has values and not one of
 * them (missing tokens aside) is a number. A column with numbers in it is numeric, and any text
 * in it is an invalid value — reported with its line, or handled by onInvalid — so one stray
 * "abc" can never turn a numeric column into hundreds of one-hot features.
 */
export function resolveSchema(
  header: readonly string[],
  sample: readonly (readonly string[])[],
  opts: ResolvedCsvOptions,
  file: string,
): CsvSchema {
  const known = new Set(header);
  const unknown = [...opts.categorical, ...opts.numeric, ...opts.drop].filter((n) => !known.has(n));
  if (unknown.length) {
    throw new DataError(
      `${file}: option names column(s) ${listSome(unknown)} that the file does not have. ` +
        `Columns: ${listSome(header)}.`,
    );
  }
  const keep: number[] = [];
  const specs: ColumnSpec[] = [];
  header.forEach((name, j) => {
    if (opts.drop.has(name)) return;
    keep.push(j);
    if (opts.categorical.has(name)) specs.push({ name, kind: 'categorical', origin: 'declared' });
    else if (opts.numeric.has(name)) specs.push({ name, kind: 'numeric', origin: 'declared' });
    else if (opts.hintedKinds.has(name)) {
      specs.push({ name, kind: opts.hintedKinds.get(name) as 'numeric' | 'categorical', origin: 'declared' });
    } else {
      const evidence = sampleEvidence(sample, j, header.length, opts.missing);
      const kind = evidence.values > 0 && evidence.numbers === 0 ? 'categorical' : 'numeric';
      specs.push({ name, kind, origin: 'inferred', evidence });
    }
  });
  return { header, keep, specs };
}

/** Counts numbers among the non-missing values of column j; ragged rows are left to the builder. */
function sampleEvidence(
  sample: readonly (readonly string[])[],
  j: number,
  width: number,
  missing: ReadonlySet<string>,
): KindEvidence {
  let rows = 0;
  let values = 0;
  let numbers = 0;
  for (const r of sample) {
    if (r.length !== width) continue;
    rows++;
    const e = tokenEvidence(r[j], missing);
    if (e === 'missing') continue;
    values++;
    if (e === 'number') numbers++;
  }
  return { rows, values, numbers };
}
