import { InvalidArgumentError } from '@a3/core';
import { quoteInput, quoteValue } from '../messages/quote';
import { DEFAULT_MISSING_TOKENS, INVALID_POLICIES, type InvalidPolicy } from '../table/cells';

export interface CsvReadOptions {
  /** Field separator, one character. Default ','. */
  delimiter?: string;
  /** true (default): the first record names the columns; false: columns are "column1".."columnN";
   *  an array: these names, and the first record is data. */
  header?: boolean | readonly string[];
  /** Columns to read as categorical (strings) even if they look numeric. */
  categorical?: readonly string[];
  /** Columns that must be numeric; non-numbers in them are invalid values, never a categorical column. */
  numeric?: readonly string[];
  /** Columns to skip while reading (ids, timestamps); they are never type-checked. */
  drop?: readonly string[];
  /** Policy for empty / non-numeric / NaN / Inf values in numeric columns and for ragged rows. */
  onInvalid?: InvalidPolicy;
  /** Tokens that mean "missing" in numeric columns (they are invalid values, handled by onInvalid). */
  missing?: readonly string[];
  /** Columns not declared are typed from this many first data rows (default 1000): categorical only
   *  when they hold values there and none of the non-missing ones is a number, else numeric. Text in
   *  a numeric column (in the sample or later) is an invalid value, reported with its line. */
  inferRows?: number;
  /** Trim spaces around header names and categorical values. Default true. */
  trim?: boolean;
  /** Skip data rows identical to the header (concatenated exports such as CIC-IDS2018 repeat it). Default true. */
  skipRepeatedHeader?: boolean;
  /** Stop after this many data rows (kept rows), e.g. to look at a huge file quickly. */
  maxRows?: number;
}

export interface CsvStreamOptions extends CsvReadOptions {
  /** Rows per chunk. Default 10 000. */
  chunkSize?: number;
  /** Values for 'impute-mean' (e.g. training means). Without them a chunk is imputed with its own
   *  column means, which differ from chunk to chunk: pass a fitted preprocessor or these values. */
  imputeWith?: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
}

export interface ResolvedCsvOptions {
  delimiter: string;
  /** Kinds suggested by a fitted preprocessor: applied to the columns present, ignored otherwise
   *  (the preprocessor reports missing inputs itself, in its own terms). */
  hintedKinds: ReadonlyMap<string, 'numeric' | 'categorical'>;
  header: boolean | readonly string[];
  categorical: ReadonlySet<string>;
  numeric: ReadonlySet<string>;
  drop: ReadonlySet<string>;
  onInvalid: InvalidPolicy;
  missing: ReadonlySet<string>;
  inferRows: number;
  trim: boolean;
  skipRepeatedHeader: boolean;
  maxRows: number;
  chunkSize: number;
}

export function resolveCsvOptions(
  options: CsvStreamOptions = {},
  hintedKinds: ReadonlyMap<string, 'numeric' | 'categorical'> = new Map(),
): ResolvedCsvOptions {
  const onInvalid = options.onInvalid ?? 'error';
  if (!INVALID_POLICIES.includes(onInvalid)) {
    throw new InvalidArgumentError(
      `onInvalid must be one of ${INVALID_POLICIES.join(', ')}; got ${quoteValue(onInvalid)}.`,
    );
  }
  const positive = (name: string, v: number | undefined, dflt: number): number => {
    const x = v ?? dflt;
    if (!(Number.isInteger(x) && x > 0) && x !== Infinity) {
      throw new InvalidArgumentError(`${name} must be a positive integer, got ${String(v)}.`);
    }
    return x;
  };
  const categorical = new Set(options.categorical ?? []);
  const numeric = new Set(options.numeric ?? []);
  for (const n of categorical) {
    if (numeric.has(n))
      throw new InvalidArgumentError(`Column ${quoteInput(n)} is declared both categorical and numeric.`);
  }
  return {
    delimiter: options.delimiter ?? ',',
    hintedKinds,
    header: options.header ?? true,
    categorical,
    numeric,
    drop: new Set(options.drop ?? []),
    onInvalid,
    missing: new Set(options.missing ?? DEFAULT_MISSING_TOKENS),
    inferRows: positive('inferRows', options.inferRows, 1000),
    trim: options.trim ?? true,
    skipRepeatedHeader: options.skipRepeatedHeader ?? true,
    maxRows: positive('maxRows', options.maxRows, Infinity),
    chunkSize: positive('chunkSize', options.chunkSize, 10_000),
  };
}
