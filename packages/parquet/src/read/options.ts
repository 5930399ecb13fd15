import { DataError, InvalidArgumentError } from '@a3/core';
import type { ColumnKind, InvalidPolicy } from '@a3/data';
import type { ParquetColumn } from '../file/column-kind';
import type { ParquetInfo } from '../file/parquet-file';

export interface ParquetReadOptions {
  /** Read only these columns, in this order (Parquet is columnar: the others are never read).
   *  Default: every column not in `drop`, in file order. */
  columns?: readonly string[];
  /** Columns to read as categorical (strings) even if they hold numbers (codes, labels). */
  categorical?: readonly string[];
  /** Columns that must be numeric; a string column named here is an error, not parsed. */
  numeric?: readonly string[];
  /** Columns to skip (ids, timestamps); they are never read. */
  drop?: readonly string[];
  /** Missing (null), NaN and ±Infinity values in numeric columns: 'error' (default), 'drop-row',
   *  or 'impute-mean' — the same policy, and the same outcome, as the CSV reader. */
  onInvalid?: InvalidPolicy;
  /** Stop after this many (kept) rows. */
  maxRows?: number;
}

export interface ParquetStreamOptions extends ParquetReadOptions {
  /** Rows per chunk. Default 10 000. */
  chunkSize?: number;
  /** Values for 'impute-mean' (e.g. training means); without them each chunk uses its own means. */
  imputeWith?: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
}

/** One column to read: where it is in the file and the kind a3 gives it. */
export interface PlannedColumn {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly source: ParquetColumn;
}

export interface ReadPlan {
  readonly columns: readonly PlannedColumn[];
  readonly onInvalid: InvalidPolicy;
  readonly maxRows: number;
  readonly chunkSize: number;
}

const POLICIES: readonly InvalidPolicy[] = ['error', 'drop-row', 'impute-mean'];

/**
 * Decides which columns are read and as what, before any data page is touched: names the file
 * lacks and string columns that must be numbers fail here, with the file's columns in the message.
 * `hints` are kinds a fitted preprocessor expects; a numeric hint on a string column is the
 * "wrong type" error a scorer must report before writing anything.
 */
export function planRead(
  info: ParquetInfo,
  options: ParquetStreamOptions,
  hints: ReadonlyMap<string, ColumnKind> = new Map(),
): ReadPlan {
  const onInvalid = options.onInvalid ?? 'error';
  if (!POLICIES.includes(onInvalid)) {
    throw new InvalidArgumentError(
      `onInvalid must be one of ${POLICIES.join(', ')}; got ${JSON.stringify(onInvalid)}.`,
    );
  }
  const byName = new Map(info.columns.map((c) => [c.name, c]));
  const categorical = new Set(options.categorical ?? []);
  const numeric = new Set(options.numeric ?? []);
  const drop = new Set(options.drop ?? []);
  for (const n of categorical) {
    if (numeric.has(n))
      throw new InvalidArgumentError(`Column "${n}" is declared both categorical and numeric.`);
  }
  const named = [...(options.columns ?? []), ...categorical, ...numeric, ...drop];
  const unknown = [...new Set(named.filter((n) => !byName.has(n)))];
  if (unknown.length) {
    throw new DataError(
      `${info.file} has no column(s) ${list(unknown)}. Its columns: ${list(info.columns.map((c) => c.name))}.`,
    );
  }
  const names = options.columns
    ? options.columns.filter((n) => !drop.has(n))
    : info.columns.map((c) => c.name).filter((n) => !drop.has(n));
  if (names.length === 0) {
    // A table without columns has no rows either: reading would silently drop every row.
    throw new InvalidArgumentError(`${info.file}: no columns left to read (columns/drop leave none).`);
  }
  const columns = names.map((name): PlannedColumn => {
    const source = byName.get(name) as ParquetColumn;
    const wanted = categorical.has(name)
      ? 'categorical'
      : numeric.has(name)
        ? 'numeric'
        : (hints.get(name) ?? source.kind);
    if (wanted === 'numeric' && source.kind !== 'numeric') {
      const why = numeric.has(name) ? 'it was declared numeric' : 'the model reads it as a number';
      throw new DataError(
        `${info.file}: column "${name}" is ${source.type} in the Parquet file, but ${why}. ` +
          'Write it with a numeric Parquet type (int or float, e.g. pyarrow pa.float64()), or cast it before scoring.',
      );
    }
    return { name, kind: wanted, source };
  });
  return {
    columns,
    onInvalid,
    maxRows: positive('maxRows', options.maxRows, Infinity),
    chunkSize: positive('chunkSize', options.chunkSize, 10_000),
  };
}

function positive(name: string, v: number | undefined, dflt: number): number {
  const x = v ?? dflt;
  if (!(Number.isInteger(x) && x > 0) && x !== Infinity) {
    throw new InvalidArgumentError(`${name} must be a positive integer, got ${String(v)}.`);
  }
  return x;
}

/** Column names for a message, at most 20 (a wide file must not flood the terminal). */
export function list(names: readonly string[], max = 20): string {
  const shown = names.slice(0, max).map((n) => JSON.stringify(n.length > 60 ? `${n.slice(0, 60)}…` : n));
  return names.length > max ? `${shown.join(', ')}, … (${names.length - max} more)` : shown.join(', ');
}
