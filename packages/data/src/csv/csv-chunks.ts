import { createReadStream } from 'node:fs';
import { A3Error, DataError } from '@a3/core';
import { ioErrorFor } from '../io/read-bytes';
import { TableBuilder } from '../table/table-builder';
import type { Table } from '../table/table';
import type { ResolvedCsvOptions } from './options';
import { type CsvSchema, headerNames, resolveSchema } from './schema';
import { CsvTokenizer } from './tokenizer';

export interface RawCsvChunk {
  readonly table: Table;
  /** 0-based index of the chunk's first row among all rows read (after dropped rows). */
  readonly startRow: number;
  /** 1-based source line of each row. */
  readonly lines: Int32Array;
  /** Rows the 'drop-row' policy skipped while this chunk was read. */
  readonly dropped: number;
}

/** 1 MiB reads: large enough that syscalls don't dominate, small enough to keep memory flat. */
const READ_SIZE = 1 << 20;

/**
 * Turns a CSV file into typed table chunks of exactly `chunkSize` rows (the last may be shorter).
 *
 * Records go straight from the tokenizer into typed columns, so what is held at any time is one
 * read piece plus at most a chunk and a piece's worth of rows — never the file. Invalid numeric
 * cells stay NaN under 'impute-mean'; the caller decides which means fill them.
 */
export class CsvChunker {
  /** Available once the first rows were read (and after iteration ends). */
  schema: CsvSchema | null = null;
  private header: string[] | null;
  private sample: { fields: string[]; line: number }[] = [];
  private builder: TableBuilder | null = null;
  private kept = 0;
  private raggedDropped = 0;
  private startRow = 0;

  constructor(
    private readonly file: string,
    private readonly opts: ResolvedCsvOptions,
  ) {
    // null until the header record is read; [] when names come from options or are generated.
    this.header = opts.header === true ? null : [];
  }

  async *chunks(): AsyncGenerator<RawCsvChunk> {
    const { file, opts } = this;
    const tokenizer = new CsvTokenizer(opts.delimiter, file);
    const sink = (fields: string[], line: number): void => this.onRecord(fields, line);
    const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: READ_SIZE });
    let first = true;
    try {
      for await (const piece of stream as AsyncIterable<string>) {
        // A UTF-8 byte-order mark would otherwise glue itself to the first column name.
        const text = first && piece.charCodeAt(0) === 0xfeff ? piece.slice(1) : piece;
        first = false;
        tokenizer.push(text, sink);
        if (this.builder && this.builder.rowCount >= opts.chunkSize) yield* this.cutFull();
        if (this.kept >= opts.maxRows) break;
      }
      if (this.kept < opts.maxRows) tokenizer.end(sink);
    } catch (err) {
      throw err instanceof A3Error ? err : ioErrorFor(file, err);
    } finally {
      stream.destroy();
    }
    if (this.header === null) throw new DataError(`${file} is empty: expected a header row.`);
    const builder = this.builder ?? this.start();
    yield* this.cutFull();
    if (builder.rowCount > 0 || this.startRow === 0) yield this.cut(builder.rowCount);
  }

  private onRecord(fields: string[], line: number): void {
    if (this.header === null) {
      this.header = headerNames(fields, this.opts, this.file);
      return;
    }
    if (this.opts.skipRepeatedHeader && this.header.length && isSame(fields, this.header, this.opts.trim))
      return;
    if (this.builder) {
      this.add(this.builder, fields, line);
      return;
    }
    this.sample.push({ fields: [...fields], line });
    if (this.sample.length >= this.opts.inferRows) this.start();
  }

  /** Fixes the schema from the buffered sample and replays the sample into a builder. */
  private start(): TableBuilder {
    const { file, opts } = this;
    const names =
      this.header && this.header.length ? this.header : headerNames(this.sample[0]?.fields ?? [], opts, file);
    this.header = names;
    this.schema = resolveSchema(
      names,
      this.sample.map((s) => s.fields),
      opts,
      file,
    );
    const builder = new TableBuilder(
      this.schema.specs,
      { file, onInvalid: opts.onInvalid, missing: opts.missing, trim: opts.trim },
      Math.min(opts.chunkSize, 65_536),
    );
    this.builder = builder;
    const buffered = this.sample;
    this.sample = [];
    for (const s of buffered) this.add(builder, s.fields, s.line);
    return builder;
  }

  private add(builder: TableBuilder, fields: string[], line: number): void {
    if (this.kept >= this.opts.maxRows) return;
    const schema = this.schema as CsvSchema;
    if (fields.length !== schema.header.length) {
      if (this.opts.onInvalid === 'drop-row') {
        this.raggedDropped++;
        return;
      }
      throw new DataError(
        `${this.file}: line ${line} has ${fields.length} fields but the header has ${schema.header.length}. ` +
          'Fix the row (check for an unquoted delimiter or a missing value) or pass onInvalid: "drop-row".',
      );
    }
    const projected = schema.keep.length === fields.length ? fields : schema.keep.map((j) => fields[j]);
    if (builder.add(projected, line)) this.kept++;
  }

  /** All complete chunks in the builder, cut in one pass so the remainder is copied once per read. */
  private *cutFull(): Generator<RawCsvChunk> {
    const size = this.opts.chunkSize;
    const builder = this.builder as TableBuilder;
    const full = Math.floor(builder.rowCount / size) * size;
    if (full === 0) return;
    const all = this.cut(full);
    if (full === size) {
      yield all;
      return;
    }
    for (let at = 0; at < full; at += size) {
      yield {
        table: all.table.slice(at, at + size),
        startRow: all.startRow + at,
        lines: all.lines.slice(at, at + size),
        dropped: at === 0 ? all.dropped : 0,
      };
    }
  }

  private cut(rows: number): RawCsvChunk {
    const built = (this.builder as TableBuilder).build(rows);
    const chunk: RawCsvChunk = {
      table: built.table,
      startRow: this.startRow,
      lines: built.lines,
      dropped: built.dropped + this.raggedDropped,
    };
    this.raggedDropped = 0;
    this.startRow += built.table.rowCount;
    return chunk;
  }
}

function isSame(fields: readonly string[], header: readonly string[], trim: boolean): boolean {
  if (fields.length !== header.length) return false;
  for (let j = 0; j < fields.length; j++) {
    if ((trim ? fields[j].trim() : fields[j]) !== header[j]) return false;
  }
  return true;
}
