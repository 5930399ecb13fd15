import { randomBytes } from 'node:crypto';
import { mkdir, rename, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { A3Error, InvalidArgumentError, IOError } from '@a3/core';
import { fileWriter, ParquetWriter, schemaFromColumnData, type ColumnSource } from 'hyparquet-writer';
import { reason } from '../file/parquet-file';

/** Column types a3 writes (each maps to one plain Parquet type). */
export type ParquetColumnType = 'DOUBLE' | 'FLOAT' | 'INT32' | 'INT64' | 'BOOLEAN' | 'STRING';

export interface ParquetColumnSpec {
  readonly name: string;
  readonly type: ParquetColumnType;
}

/** Values of one column, as the type expects them. */
export type ParquetValues =
  Float64Array | Float32Array | Int32Array | BigInt64Array | readonly boolean[] | readonly string[];

export interface ParquetFileWriterOptions {
  /** Rows per row group (default 100 000): rows are buffered until a group is full. */
  rowGroupSize?: number;
  /** Key/value metadata stored in the footer. */
  metadata?: Readonly<Record<string, string>>;
}

/**
 * Writes a Parquet file incrementally with hyparquet-writer: append column batches, and every
 * `rowGroupSize` rows become one row group on disk, so memory holds at most one group. Writes go
 * to a temp file beside the target, renamed over it by close(); abort() (or a failure) removes it,
 * so a reader never sees a half-written file.
 */
export class ParquetFileWriter {
  private pending: ParquetValues[][];
  private pendingRows = 0;
  private rowsWritten = 0;

  private constructor(
    readonly path: string,
    private readonly tmp: string,
    private readonly columns: readonly ParquetColumnSpec[],
    private readonly writer: ParquetWriter,
    private readonly rowGroupSize: number,
  ) {
    this.pending = columns.map(() => []);
  }

  static async open(
    path: string,
    columns: readonly ParquetColumnSpec[],
    options: ParquetFileWriterOptions = {},
  ): Promise<ParquetFileWriter> {
    const rowGroupSize = options.rowGroupSize ?? 100_000;
    if (!(Number.isInteger(rowGroupSize) && rowGroupSize > 0)) {
      throw new InvalidArgumentError(
        `rowGroupSize must be a positive integer, got ${String(options.rowGroupSize)}.`,
      );
    }
    if (columns.length === 0) throw new InvalidArgumentError('A Parquet file needs at least one column.');
    const names = new Set<string>();
    for (const c of columns) {
      if (names.has(c.name)) throw new InvalidArgumentError(`Column "${c.name}" is listed twice.`);
      names.add(c.name);
    }
    const target = resolve(path);
    const tmp = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(target), { recursive: true });
      const schema = schemaFromColumnData({
        columnData: columns.map((c) => ({ name: c.name, data: [], type: c.type, nullable: false })),
      });
      const writer = new ParquetWriter({
        writer: fileWriter(tmp),
        schema,
        kvMetadata: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
        createdBy: 'a3 (hyparquet-writer)',
      });
      return new ParquetFileWriter(target, tmp, columns, writer, rowGroupSize);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw new IOError(`cannot write ${path}: ${reason(err)}`, { cause: err });
    }
  }

  get rows(): number {
    return this.rowsWritten + this.pendingRows;
  }

  /** Appends rows: one value array per column, in the order of the specs, all the same length. */
  async append(values: readonly ParquetValues[]): Promise<void> {
    if (values.length !== this.columns.length) {
      throw new InvalidArgumentError(`append needs ${this.columns.length} columns, got ${values.length}.`);
    }
    const n = values[0].length;
    values.forEach((v, j) => {
      const { name, type } = this.columns[j];
      if (!fits(type, v)) {
        throw new InvalidArgumentError(
          `append: column "${name}" is ${type}; its values do not have that type.`,
        );
      }
      if (v.length !== n) {
        throw new InvalidArgumentError(
          `append: column "${this.columns[j].name}" has ${v.length} values, "${this.columns[0].name}" has ${n}.`,
        );
      }
    });
    if (n === 0) return;
    values.forEach((v, j) => this.pending[j].push(v));
    this.pendingRows += n;
    while (this.pendingRows >= this.rowGroupSize) await this.flush(this.rowGroupSize);
  }

  /** Writes what is buffered and the footer, then renames the temp file over the target. */
  async close(): Promise<void> {
    try {
      if (this.pendingRows > 0) await this.flush(this.pendingRows);
      await this.writer.finish();
      await rename(this.tmp, this.path);
    } catch (err) {
      await this.abort();
      throw err instanceof A3Error
        ? err
        : new IOError(`cannot write ${this.path}: ${reason(err)}`, { cause: err });
    }
  }

  /** Drops the temp file (after a failure upstream). */
  async abort(): Promise<void> {
    this.pending = this.columns.map(() => []);
    this.pendingRows = 0;
    await unlink(this.tmp).catch(() => undefined);
  }

  /** One row group of the first `rows` buffered rows. */
  private async flush(rows: number): Promise<void> {
    const columnData: ColumnSource[] = this.columns.map((c, j) => {
      const [head, rest] = take(this.pending[j], rows, c.type);
      this.pending[j] = rest;
      return { name: c.name, data: head };
    });
    try {
      await this.writer.write({ columnData, rowGroupSize: rows });
    } catch (err) {
      throw new IOError(`cannot write ${this.path}: ${reason(err)}`, { cause: err });
    }
    this.pendingRows -= rows;
    this.rowsWritten += rows;
  }
}

type ColumnArray = ColumnSource['data'];

/** The first `rows` values of buffered batches as one array of the column's type, and the rest. */
function take(
  batches: ParquetValues[],
  rows: number,
  type: ParquetColumnType,
): [ColumnArray, ParquetValues[]] {
  const head = allocate(type, rows);
  const rest: ParquetValues[] = [];
  let at = 0;
  for (const b of batches) {
    const need = rows - at;
    if (need <= 0) {
      rest.push(b);
      continue;
    }
    const part = b.length <= need ? b : b.slice(0, need);
    copyInto(head, part, at);
    at += part.length;
    if (b.length > need) rest.push(b.slice(need));
  }
  return [head, rest];
}

function allocate(type: ParquetColumnType, n: number): ColumnArray {
  switch (type) {
    case 'DOUBLE':
      return new Float64Array(n);
    case 'FLOAT':
      return new Float32Array(n);
    case 'INT32':
      return new Int32Array(n);
    case 'INT64':
      return new BigInt64Array(n);
    case 'BOOLEAN':
    case 'STRING':
      return new Array<unknown>(n);
    default:
      return unreachable(type);
  }
}

function copyInto(out: ColumnArray, part: ParquetValues, at: number): void {
  if (ArrayBuffer.isView(out) && ArrayBuffer.isView(part)) {
    (out as Float64Array).set(part as unknown as Float64Array, at);
    return;
  }
  for (let i = 0; i < part.length; i++) (out as unknown[])[at + i] = part[i];
}

/** Whether `v` holds values of `type` (typed arrays exactly, plain arrays by their first value). */
function fits(type: ParquetColumnType, v: ParquetValues): boolean {
  switch (type) {
    case 'DOUBLE':
      return v instanceof Float64Array;
    case 'FLOAT':
      return v instanceof Float32Array;
    case 'INT32':
      return v instanceof Int32Array;
    case 'INT64':
      return v instanceof BigInt64Array;
    case 'BOOLEAN':
      return Array.isArray(v) && (v.length === 0 || typeof v[0] === 'boolean');
    case 'STRING':
      return Array.isArray(v) && (v.length === 0 || typeof v[0] === 'string');
    default:
      return unreachable(type);
  }
}

function unreachable(x: never): never {
  throw new InvalidArgumentError(`Unknown Parquet column type ${JSON.stringify(x)}.`);
}
