import { DataError, InvalidArgumentError, TensorData } from '@a3/core';
import { listSome, quoteInput } from '../messages/quote';

export type ColumnKind = 'numeric' | 'categorical';

export interface NumericColumn {
  readonly kind: 'numeric';
  readonly name: string;
  readonly values: Float64Array;
}

export interface CategoricalColumn {
  readonly kind: 'categorical';
  readonly name: string;
  readonly values: readonly string[];
  /** The declared vocabulary (ARFF nominal list) when the source had one, in declared order. */
  readonly categories?: readonly string[];
}

export type Column = NumericColumn | CategoricalColumn;

/**
 * A column-oriented table of mixed numeric / categorical data: what the readers produce and the
 * tabular preprocessor consumes. Numeric columns are Float64Array so parsing loses nothing before
 * the preprocessor decides the float32 features.
 */
export class Table {
  readonly columns: readonly Column[];
  readonly rowCount: number;
  private readonly byName: Map<string, Column>;

  constructor(columns: readonly Column[]) {
    this.columns = Object.freeze([...columns]);
    this.rowCount = columns.length ? columns[0].values.length : 0;
    this.byName = new Map();
    for (const c of columns) {
      if (this.byName.has(c.name)) {
        throw new InvalidArgumentError(
          `Table has two columns named ${quoteInput(c.name)}; column names must be unique.`,
        );
      }
      if (c.values.length !== this.rowCount) {
        throw new InvalidArgumentError(
          `Column ${quoteInput(c.name)} has ${c.values.length} rows but ${quoteInput(columns[0].name)} has ${this.rowCount}.`,
        );
      }
      this.byName.set(c.name, c);
    }
  }

  get columnNames(): string[] {
    return this.columns.map((c) => c.name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  column(name: string): Column {
    const c = this.byName.get(name);
    if (!c) {
      throw new InvalidArgumentError(
        `No column ${quoteInput(name)}. Columns: ${listSome(this.columnNames)}.`,
      );
    }
    return c;
  }

  numeric(name: string): Float64Array {
    const c = this.column(name);
    if (c.kind !== 'numeric') {
      throw new DataError(
        `Column ${quoteInput(name)} is categorical, not numeric; one-hot encode it or drop it.`,
      );
    }
    return c.values;
  }

  categorical(name: string): readonly string[] {
    const c = this.column(name);
    return c.kind === 'categorical' ? c.values : Array.from(c.values, formatNumber);
  }

  /** Rows by index (any order, repeats allowed). */
  take(indices: ArrayLike<number>): Table {
    const n = indices.length;
    for (let i = 0; i < n; i++) {
      const r = indices[i];
      if (!Number.isInteger(r) || r < 0 || r >= this.rowCount) {
        throw new InvalidArgumentError(`Row index ${r} is out of range [0, ${this.rowCount}).`);
      }
    }
    return new Table(
      this.columns.map((c): Column => {
        if (c.kind === 'numeric') {
          const v = new Float64Array(n);
          for (let i = 0; i < n; i++) v[i] = c.values[indices[i]];
          return { kind: 'numeric', name: c.name, values: v };
        }
        const v = new Array<string>(n);
        for (let i = 0; i < n; i++) v[i] = c.values[indices[i]];
        return withValues(c, v);
      }),
    );
  }

  /** Rows [start, end). */
  slice(start: number, end: number): Table {
    return new Table(
      this.columns.map((c): Column =>
        c.kind === 'numeric'
          ? { kind: 'numeric', name: c.name, values: c.values.slice(start, end) }
          : withValues(c, c.values.slice(start, end)),
      ),
    );
  }

  /** Only the named columns, in the given order. */
  select(names: readonly string[]): Table {
    return new Table(names.map((n) => this.column(n)));
  }

  /** Without the named columns; names that are absent are an error so typos don't pass silently. */
  drop(names: readonly string[], options: { ignoreMissing?: boolean } = {}): Table {
    if (!options.ignoreMissing) for (const n of names) this.column(n);
    const gone = new Set(names);
    return new Table(this.columns.filter((c) => !gone.has(c.name)));
  }

  /** Adds or replaces a column. */
  with(column: Column): Table {
    const cols = this.columns.filter((c) => c.name !== column.name);
    return new Table([...cols, column]);
  }

  /** Numeric columns as a float32 [rows, columns] tensor; categorical columns are an error. */
  toTensor(): TensorData<'float32'> {
    const cols = this.columns.length;
    const out = new Float32Array(this.rowCount * cols);
    this.columns.forEach((c, j) => {
      if (c.kind !== 'numeric') {
        throw new DataError(
          `Column ${quoteInput(c.name)} is categorical; encode it (TabularPreprocessor) before toTensor().`,
        );
      }
      for (let i = 0; i < this.rowCount; i++) out[i * cols + j] = c.values[i];
    });
    return new TensorData([this.rowCount, cols], 'float32', out);
  }

  /** Stacks tables with the same column names and kinds. */
  static concat(tables: readonly Table[]): Table {
    if (tables.length === 0) throw new InvalidArgumentError('Table.concat needs at least one table.');
    if (tables.length === 1) return tables[0];
    const first = tables[0];
    for (const t of tables) {
      const same =
        t.columns.length === first.columns.length &&
        t.columns.every((c, j) => c.name === first.columns[j].name && c.kind === first.columns[j].kind);
      if (!same) {
        throw new DataError(
          `Cannot stack tables with different columns: [${listSome(first.columnNames)}] vs ` +
            `[${listSome(t.columnNames)}].`,
        );
      }
    }
    const total = tables.reduce((s, t) => s + t.rowCount, 0);
    return new Table(
      first.columns.map((c, j): Column => {
        if (c.kind === 'numeric') {
          const v = new Float64Array(total);
          let off = 0;
          for (const t of tables) {
            const src = (t.columns[j] as NumericColumn).values;
            v.set(src, off);
            off += src.length;
          }
          return { kind: 'numeric', name: c.name, values: v };
        }
        const v: string[] = [];
        for (const t of tables) for (const s of (t.columns[j] as CategoricalColumn).values) v.push(s);
        return withValues(c, v);
      }),
    );
  }
}

function withValues(c: CategoricalColumn, values: readonly string[]): CategoricalColumn {
  return c.categories
    ? { kind: 'categorical', name: c.name, values, categories: c.categories }
    : { kind: 'categorical', name: c.name, values };
}

/** Integers print without a trailing ".0" so "6" read as a number matches the category "6". */
export function formatNumber(x: number): string {
  return String(x);
}
