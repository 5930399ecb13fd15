/**
 * How input text appears in error messages. A file can put anything in a header or a cell — a
 * 50 MB line, NUL bytes, terminal escapes — and a message is read by a person on a terminal, so
 * every reader quotes input through these two functions: bounded, escaped, counted.
 */

/** At most this many characters of one input value appear in a message. */
export const QUOTE_MAX_CHARS = 100;

/** At most this many items of a list appear in a message. */
export const LIST_MAX_ITEMS = 10;

const COUNT = new Intl.NumberFormat('en-US');

/** A count with thousands separators ("4,990"), as messages print sizes and counts. */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/**
 * The value as a JSON string literal (control characters escaped), cut to `max` characters:
 * `"abc"`, or `"abc…" (5,000 characters)` when it was longer.
 */
export function quoteInput(value: string, max = QUOTE_MAX_CHARS): string {
  if (value.length <= max) return JSON.stringify(value);
  return `${JSON.stringify(`${value.slice(0, max)}…`)} (${formatCount(value.length)} characters)`;
}

/**
 * The first `max` items, each quoted, then how many were left out:
 * `"a", "b", … and 4,990 more`; `none` for an empty list.
 */
export function listSome(
  items: readonly string[],
  max = LIST_MAX_ITEMS,
  show: (item: string) => string = (s) => quoteInput(s),
): string {
  if (items.length === 0) return 'none';
  const shown = items.slice(0, max).map(show).join(', ');
  return items.length > max ? `${shown}, … and ${formatCount(items.length - max)} more` : shown;
}

/** Any value (a JSON field of unknown type) for a message: strings quoted, others as JSON, both cut. */
export function quoteValue(value: unknown, max = QUOTE_MAX_CHARS): string {
  if (typeof value === 'string') return quoteInput(value, max);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length <= max ? text : `${text.slice(0, max)}… (${formatCount(text.length)} characters)`;
}
