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

  /** Sets row `i` of column `j` from a JSON value or a CSV token. */
  set(j: number, i: number, value: unknown, place: () => CellPlace): void {
    const num = this.numeric[j];
    if (num) {
      const v = typeof value === 'number' ? value : typeof value === 'string' ? parseNumericCell(value) : NaN;
      if (!Number.isFinite(v)) this.failNumber(j, value, place());
      num[i] = v;
      return;
    }
    const category =
      typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
    if (category === undefined) {
      const p = place();
      throw new RequestError(
        'invalid_category',
        `${where(p)}: ${quoteInput(value)} is not a category; "${this.schema.columns[j].name}" is categorical: send its value as a string.`,
        p.field,
        p.line,
      );
    }
    const allowed = this.schema.allowed[j];
    if (allowed && !allowed.has(category)) {
      const p = place();
      const known = [...allowed].slice(0, 10).join(', ') + (allowed.size > 10 ? ', …' : '');
      throw new RequestError(
        'unknown_category',
        `${where(p)}: category ${quoteInput(category)} was not seen in training, and this model's encoder refuses unseen ones (known: ${known}).`,
        p.field,
        p.line,
      );
    }
    (this.text[j] as string[])[i] = category;
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

  private failNumber(j: number, value: unknown, p: CellPlace): never {
    const what =
      value === null || value === '' ? 'missing (null or empty)' : `${quoteInput(value)}, not a number`;
    throw new RequestError(
      'non_numeric_value',
      `${where(p)} is ${what}; "${this.schema.columns[j].name}" is a numeric feature: send a finite number.`,
      p.field,
      p.line,
    );
  }
}

export function where(p: CellPlace): string {
  return p.line !== undefined ? `line ${p.line}, column "${p.field}"` : p.field;
}
