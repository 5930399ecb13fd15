import { parseNumericCell, Table, type Column } from '@a3/data';
import { quoteInput, RequestError } from '../http/request-error';
import type { RowSchema } from './row-schema';

/** Where a value came from, for error messages: `rows[3].temp`, or a CSV line and column. */
export interface CellPlace {
  field: string;
  line?: number;
}

/**
 * Collects raw cell values into a table of the model's input columns, with the conversions
 * `a3 score` applies to CSV cells (numbers parsed the same way, categorical text trimmed,
 * numbers as categories written as JavaScript prints them) and a RequestError naming the
 * field for a value that cannot be used. JSON numbers are taken as they are.
 */
export class ColumnBuilder {
  private readonly numeric: (Float64Array | null)[];
  private readonly text: (string[] | null)[];

  constructor(
    private readonly schema: RowSchema,
    readonly rows: number,
  ) {
    this.numeric = schema.columns.map((c) => (c.kind === 'numeric' ? new Float64Array(rows) : null));
    this.text = schema.columns.map((c) => (c.kind === 'categorical' ? new Array<string>(rows) : null));
  }

  /**
   * Sets row `i` of column `j` from a JSON value or a CSV token; false when the value cannot be
   * used (the caller then throws `fail()` with the value's place — built only on that path, as
   * this runs once per cell of every request).
   */
  set(j: number, i: number, value: unknown): boolean {
    const num = this.numeric[j];
    if (num !== null) {
      const v = typeof value === 'number' ? value : typeof value === 'string' ? parseNumericCell(value) : NaN;
      if (!Number.isFinite(v)) return false;
      num[i] = v;
      return true;
    }
    const category =
      typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
    if (category === undefined) return false;
    const allowed = this.schema.allowed[j];
    if (allowed !== null && !allowed.has(category)) return false;
    (this.text[j] as string[])[i] = category;
    return true;
  }

  /** The RequestError for a value `set()` refused, naming its place. */
  fail(j: number, value: unknown, p: CellPlace): RequestError {
    const name = this.schema.columns[j].name;
    if (this.numeric[j] !== null) {
      const what =
        value === null || value === '' ? 'missing (null or empty)' : `${quoteInput(value)}, not a number`;
      return new RequestError(
        'non_numeric_value',
        `${where(p)} is ${what}; "${name}" is a numeric feature: send a finite number.`,
        p.field,
        p.line,
      );
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      return new RequestError(
        'invalid_category',
        `${where(p)}: ${quoteInput(value)} is not a category; "${name}" is categorical: send its value as a string.`,
        p.field,
        p.line,
      );
    }
    const allowed = [...(this.schema.allowed[j] ?? [])];
    const known = allowed.slice(0, 10).join(', ') + (allowed.length > 10 ? ', …' : '');
    return new RequestError(
      'unknown_category',
      `${where(p)}: category ${quoteInput(String(value).trim())} was not seen in training, and this model's encoder refuses unseen ones (known: ${known}).`,
      p.field,
      p.line,
    );
  }

  /** The first `rows` rows (fewer when a CSV skipped repeated header lines). */
  build(rows = this.rows): Table {
    return new Table(
      this.schema.columns.map((c, j): Column => {
        const num = this.numeric[j];
        if (num)
          return { kind: 'numeric', name: c.name, values: rows === this.rows ? num : num.slice(0, rows) };
        const text = this.text[j] as string[];
        return { kind: 'categorical', name: c.name, values: rows === this.rows ? text : text.slice(0, rows) };
      }),
    );
  }
}

export function where(p: CellPlace): string {
  return p.line !== undefined ? `line ${p.line}, column "${p.field}"` : p.field;
}
