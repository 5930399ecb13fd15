import { DataError } from '@a3/core';
import { formatCount, listSome, quoteInput } from '../messages/quote';
import { describeInvalidToken, type InvalidPolicy, parseNumericCell } from './cells';
import type { Column, ColumnKind } from './table';
import { Table } from './table';

export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Allowed values of a categorical column (ARFF nominal); others are invalid. */
  readonly categories?: readonly string[];
  /** How the kind was decided, so an error can say whether to fix the data or the declaration. */
  readonly origin?: 'declared' | 'inferred';
  /** For inferred kinds: what the inference sample held. */
  readonly evidence?: KindEvidence;
}

/** What type inference saw in a column's sample rows. */
export interface KindEvidence {
  /** Sample rows (with the right number of fields). */
  readonly rows: number;
  /** Non-missing values among them. */
  readonly values: number;
  /** Values that are numbers (finite or not). */
  readonly numbers: number;
}

export interface BuilderContext {
  readonly file: string;
  readonly onInvalid: InvalidPolicy;
  readonly missing: ReadonlySet<string>;
  /** Trim categorical values (CSV exports often pad after the delimiter). */
  readonly trim: boolean;
}

export interface BuiltChunk {
  readonly table: Table;
  /** 1-based source line of each row, for error messages further down the pipeline. */
  readonly lines: Int32Array;
  /** Rows skipped by the 'drop-row' policy. */
  readonly dropped: number;
}

/**
 * Accumulates parsed string records into typed columns, applying the invalid-value policy.
 * Shared by the CSV and ARFF readers so both report bad input identically.
 */
export class TableBuilder {
  private numeric: Float64Array[] = [];
  private text: string[][] = [];
  private lines: number[] = [];
  private dropped = 0;
  private readonly scratch: Float64Array;
  private readonly allowed: (Set<string> | null)[];

  constructor(
    readonly specs: readonly ColumnSpec[],
    private readonly ctx: BuilderContext,
    private capacity = 1024,
  ) {
    this.scratch = new Float64Array(specs.length);
    this.allowed = specs.map((s) => (s.categories ? new Set(s.categories) : null));
    this.reset();
  }

  get rowCount(): number {
    return this.lines.length;
  }

  /** Adds one record; returns false when the policy dropped it. */
  add(fields: readonly string[], line: number): boolean {
    const specs = this.specs;
    if (fields.length !== specs.length) {
      if (this.ctx.onInvalid === 'drop-row') return this.drop();
      throw new DataError(
        `${this.ctx.file}: line ${line} has ${fields.length} fields but the header has ${specs.length}. ` +
          'Fix the row (check for an unquoted delimiter or a missing value) or pass onInvalid: "drop-row".',
      );
    }
    // Parse everything into scratch first so a dropped row leaves no partial values behind.
    for (let j = 0; j < specs.length; j++) {
      const spec = specs[j];
      if (spec.kind === 'numeric') {
        const v = parseNumericCell(fields[j]);
        if (Number.isNaN(v)) {
          if (this.ctx.onInvalid === 'drop-row') return this.drop();
          if (this.ctx.onInvalid === 'error') this.fail(line, j, fields[j]);
        }
        this.scratch[j] = v;
      } else {
        const allowed = this.allowed[j];
        if (allowed && !allowed.has(this.value(fields[j]))) {
          if (this.ctx.onInvalid === 'drop-row') return this.drop();
          this.failCategory(line, j, fields[j]);
        }
      }
    }
    const row = this.lines.length;
    if (row === this.capacity) this.grow();
    let t = 0;
    let n = 0;
    for (let j = 0; j < specs.length; j++) {
      if (specs[j].kind === 'numeric') this.numeric[n++][row] = this.scratch[j];
      else this.text[t++].push(this.value(fields[j]));
    }
    this.lines.push(line);
    return true;
  }

  /**
   * Returns the first `count` rows (default: all) as a chunk and keeps the rest for the next one,
   * so a reader can cut exact chunk sizes out of whatever a read produced.
   */
  build(count = this.lines.length): BuiltChunk {
    const rows = Math.min(count, this.lines.length);
    const rest = this.lines.length - rows;
    let n = 0;
    let t = 0;
    const columns = this.specs.map((s): Column => {
      if (s.kind === 'numeric')
        return { kind: 'numeric', name: s.name, values: this.numeric[n++].slice(0, rows) };
      const all = this.text[t++];
      const values = rest ? all.slice(0, rows) : all;
      return s.categories
        ? { kind: 'categorical', name: s.name, values, categories: s.categories }
        : { kind: 'categorical', name: s.name, values };
    });
    const chunk: BuiltChunk = {
      table: new Table(columns),
      lines: Int32Array.from(this.lines.slice(0, rows)),
      dropped: this.dropped,
    };
    if (rest === 0) {
      this.reset();
    } else {
      this.numeric = this.numeric.map((col) => {
        const next = new Float64Array(this.capacity);
        next.set(col.subarray(rows, rows + rest));
        return next;
      });
      this.text = this.text.map((col) => col.slice(rows));
      this.lines = this.lines.slice(rows);
      this.dropped = 0;
    }
    return chunk;
  }

  private value(token: string): string {
    return this.ctx.trim ? token.trim() : token;
  }

  private drop(): false {
    this.dropped++;
    return false;
  }

  private reset(): void {
    const nNumeric = this.specs.filter((s) => s.kind === 'numeric').length;
    this.numeric = Array.from({ length: nNumeric }, () => new Float64Array(this.capacity));
    this.text = this.specs.filter((s) => s.kind === 'categorical').map(() => []);
    this.lines = [];
    this.dropped = 0;
  }

  private grow(): void {
    this.capacity *= 2;
    this.numeric = this.numeric.map((old) => {
      const next = new Float64Array(this.capacity);
      next.set(old);
      return next;
    });
  }

  private fail(line: number, j: number, token: string): never {
    const spec = this.specs[j];
    throw new DataError(
      `${this.ctx.file}: line ${line}, column ${quoteInput(spec.name)} (#${j + 1}): value is ` +
        `${describeInvalidToken(token, this.ctx.missing)}, but the column is numeric (${whyNumeric(spec)}). ` +
        'Clean the data or choose onInvalid: "drop-row" or "impute-mean".',
    );
  }

  private failCategory(line: number, j: number, token: string): never {
    const spec = this.specs[j];
    throw new DataError(
      `${this.ctx.file}: line ${line}, column ${quoteInput(spec.name)} (#${j + 1}): ${quoteInput(token)} is not one of ` +
        `its declared values {${listSome(spec.categories ?? [])}}. Fix the value or pass onInvalid: "drop-row".`,
    );
  }
}

/** Why a column is numeric, and the way out if it should not be. */
function whyNumeric(spec: ColumnSpec): string {
  const e = spec.evidence;
  if (spec.origin !== 'inferred' || !e) return 'it was declared numeric';
  const declare = `if it holds categories, declare it: categorical: [${quoteInput(spec.name)}]`;
  if (e.values === 0) {
    return `its first ${formatCount(e.rows)} rows hold only missing values, so it was read as numeric; ${declare}`;
  }
  return (
    `it was inferred as numeric because ${formatCount(e.numbers)} of ${formatCount(e.values)} values in ` +
    `its first ${formatCount(e.rows)} rows are numbers; ${declare}`
  );
}
