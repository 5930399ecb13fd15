import { DataError } from '@a3/core';
import { looksNumeric } from '../table/cells';
import type { ColumnSpec } from '../table/table-builder';
import { describeNames } from '../table/table';
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
        `${file}: the header names column "${n}" twice. Rename one, or pass header: [...names] to name columns yourself.`,
      );
    }
    seen.add(n);
  }
  return names;
}

/** Decides which columns are kept and their kinds: declared first, inferred from `sample` otherwise. */
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
      `${file}: option names column(s) ${describeNames(unknown)} that the file does not have. ` +
        `Columns: ${describeNames(header)}.`,
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
      // Ragged sample rows are skipped here; the builder reports them with their line.
      const numeric = sample.every((r) => r.length !== header.length || looksNumeric(r[j], opts.missing));
      specs.push({ name, kind: numeric ? 'numeric' : 'categorical', origin: 'inferred' });
    }
  });
  return { header, keep, specs };
}
