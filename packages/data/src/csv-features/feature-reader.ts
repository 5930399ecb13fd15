import { DataError, TensorData } from '@a3/core';
import { listSome } from '../messages/quote';
import type { TabularPreprocessor } from '../preprocess/tabular-preprocessor';
import { quoteInput } from '../messages/quote';
import { headerNames } from '../csv/schema';
import type { ResolvedCsvOptions } from '../csv/options';
import { CsvTokenizer } from '../csv/tokenizer';
import { TableBuilder, type ColumnSpec } from '../table/table-builder';
import { parseNumericCell } from '../table/cells';
import { parseNumericBytes } from './byte-number';

const LF = 10;
const CR = 13;
const QUOTE = 34;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** One chunk of model features, as `streamCsv` with a preprocessor yields them (without the table). */
export interface FeatureChunk {
  /** Preprocessed features [rows, numFeatures]. */
  readonly rows: TensorData<'float32'>;
  /** 0-based index of the chunk's first row among all rows read (after dropped rows). */
  readonly startRow: number;
  /** 1-based source line of each row. */
  readonly lines: Int32Array;
  /** Rows the 'drop-row' policy skipped while this chunk was read. */
  readonly dropped: number;
}

/** What to do with header column j: skip it, or write it at a feature offset. */
type Slot =
  | { kind: 'skip' }
  | { kind: 'numeric'; at: number; name: string }
  | { kind: 'categorical'; at: number; index: Map<string, number> };

/**
 * CSV bytes straight to a fitted preprocessor's float32 features, for scoring: the same rows,
 * values, line numbers, policies and messages as `streamCsv(file, { preprocessor })` followed by
 * `preprocessor.transform`, without a string per field or a table in between. Numbers are parsed
 * from the bytes (see parseNumericBytes), categories looked up once per cell, columns the model
 * does not read are skipped (not type-checked — as the Parquet reader does). Records with a quote
 * character go through the RFC 4180 tokenizer. Feed it bytes with `push`; it returns the chunks
 * completed so far.
 */
export class CsvFeatureReader {
  private pending: Buffer | null = null;
  private line = 1;
  private header: string[] | null;
  private slots: Slot[] = [];
  private width = 0;
  private readonly stride: number;
  private out: Float32Array;
  private lines: Int32Array;
  private rows = 0;
  private startRow = 0;
  private dropped = 0;
  private readonly numbers: Float64Array;
  private readonly cats: Int32Array;
  private bounds = new Int32Array(64);
  private firstHeaderBytes: Buffer | null = null;
  private readonly delim: number;

  constructor(
    private readonly file: string,
    private readonly pre: TabularPreprocessor,
    private readonly opts: ResolvedCsvOptions,
    private readonly means: ReadonlyMap<string, number>,
  ) {
    this.delim = opts.delimiter.charCodeAt(0);
    this.stride = pre.numFeatures;
    this.out = new Float32Array(opts.chunkSize * this.stride);
    this.lines = new Int32Array(opts.chunkSize);
    this.numbers = new Float64Array(pre.inputs.length);
    this.cats = new Int32Array(pre.inputs.length);
    this.header = null;
    if (Array.isArray(opts.header)) this.setHeader([...(opts.header as readonly string[])]);
  }

  /** Feeds the next bytes of the file; `final` flushes the last record. Returns finished chunks. */
  push(bytes: Buffer, final: boolean): FeatureChunk[] {
    const buf = this.pending ? Buffer.concat([this.pending, bytes]) : bytes;
    this.pending = null;
    const done: FeatureChunk[] = [];
    const len = buf.length;
    let pos = 0;
    let nextQuote = -2;
    while (pos < len) {
      let lf = buf.indexOf(LF, pos);
      if (lf === -1) {
        if (!final) break;
        lf = len;
      }
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = buf.indexOf(QUOTE, pos);
      if (nextQuote !== -1 && nextQuote < lf) {
        const end = quotedRecordEnd(buf, pos, len);
        if (end === -1 && !final) break;
        const stop = end === -1 ? len : end;
        const text = buf.toString('utf8', pos, stop);
        const startLine = this.line;
        this.recordText(text, final && end === -1, startLine);
        for (let i = pos; i < stop; i++) if (buf[i] === LF) this.line++;
        this.line++;
        pos = stop + 1;
      } else {
        this.recordBytes(buf, pos, lf);
        this.line++;
        pos = lf + 1;
      }
      if (this.rows === this.opts.chunkSize) done.push(this.cut());
    }
    if (pos < len) this.pending = Buffer.from(buf.subarray(pos));
    if (final) {
      if (this.header === null) throw new DataError(`${this.file} is empty: expected a header row.`);
      if (this.rows > 0 || this.startRow === 0) done.push(this.cut());
    }
    return done;
  }

  private setHeader(names: string[]): void {
    this.header = names;
    this.width = names.length;
    const at = new Map(names.map((n, j) => [n, j]));
    const missing = this.pre.inputs.filter((c) => !at.has(c.name)).map((c) => c.name);
    if (missing.length) {
      throw new DataError(
        `The data lacks column(s) ${listSome(missing)} that the preprocessor was fitted on. ` +
          `It has: ${listSome(names)}.`,
      );
    }
    this.slots = names.map((): Slot => ({ kind: 'skip' }));
    let offset = 0;
    let k = 0;
    for (const input of this.pre.inputs) {
      const j = at.get(input.name)!;
      if (input.kind === 'numeric') {
        this.slots[j] = { kind: 'numeric', at: offset++, name: input.name };
      } else {
        const categories = this.pre.oneHot.columns[k++].categories;
        this.slots[j] = { kind: 'categorical', at: offset, index: new Map(categories.map((c, i) => [c, i])) };
        offset += categories.length;
      }
    }
    if (this.bounds.length < names.length + 2) this.bounds = new Int32Array(names.length + 2);
    this.firstHeaderBytes = Buffer.from(names[0] ?? '', 'utf8');
  }

  /** A record without quotes: field bounds from the bytes, numbers parsed in place. */
  private recordBytes(buf: Buffer, start: number, lfAt: number): void {
    let end = lfAt;
    if (end > start && buf[end - 1] === CR) end--;
    if (end === start) return; // blank line
    if (this.header === null) {
      this.recordText(buf.toString('utf8', start, lfAt), true, this.line);
      return;
    }
    // One pass over the bytes: each field's bounds, and its number parsed on the way (the common
    // plain decimals; anything else is re-parsed by parseNumericBytes, which falls back to text).
    const b = this.bounds;
    const delim = this.delim;
    const width = this.width;
    const slots = this.slots;
    const numbers = this.numbers;
    let firstBad = -1;
    let s = 0;
    let p = start;
    let j = 0;
    let ended = false;
    for (; j < width; j++) {
      b[j] = p;
      const slot = slots[j];
      if (slot.kind === 'numeric') {
        const from = p;
        let neg = false;
        if (p < end && buf[p] === 45) {
          neg = true;
          p++;
        }
        let mantissa = 0;
        let digits = 0;
        let frac = -1;
        let plain = true;
        for (; p < end; p++) {
          const c = buf[p];
          if (c >= 48 && c <= 57) {
            mantissa = mantissa * 10 + (c - 48);
            digits++;
          } else if (c === delim) break;
          else if (c === 46 && frac === -1) frac = p;
          else plain = false;
        }
        let v: number;
        if (plain && digits > 0 && digits <= 15 && p - from <= 16 && frac !== p - 1) {
          const scale = frac === -1 ? 0 : p - 1 - frac;
          v = scale ? mantissa / POW10[scale] : mantissa;
          if (neg) v = -v;
        } else {
          v = parseNumericBytes(buf, from, p);
        }
        if (v !== v && firstBad === -1) firstBad = j;
        numbers[s++] = v;
      } else {
        while (p < end && buf[p] !== delim) p++;
        if (slot.kind === 'categorical')
          this.cats[s++] = this.category(slot.index, buf.toString('utf8', b[j], p));
      }
      if (p >= end) {
        j++;
        ended = true;
        break;
      }
      p++; // the delimiter
    }
    b[j] = p + 1;
    // The loop stops at the record's end (`ended`: j fields) or after `width` fields and a
    // delimiter: then at least one more field follows (a ragged row; count them for the message).
    let fields = j;
    if (!ended) for (fields = width + 1; p < end; p++) if (buf[p] === delim) fields++;
    if (fields === width && this.opts.skipRepeatedHeader && this.looksLikeHeader(buf, b[0], b[1] - 1)) {
      const fieldsText = splitText(buf.toString('utf8', start, end), this.opts.delimiter);
      if (isSame(fieldsText, this.header, this.opts.trim)) return;
    }
    if (fields !== width) {
      this.ragged(fields);
      return;
    }
    if (firstBad !== -1) {
      const text = () => splitText(buf.toString('utf8', start, end), this.opts.delimiter);
      s = 0;
      for (let k = 0; k < width; k++) {
        const slot = slots[k];
        if (slot.kind === 'skip') continue;
        if (slot.kind === 'numeric' && numbers[s] !== numbers[s] && !this.invalid(s, k, slot.name, text))
          return;
        s++;
      }
    }
    this.commit();
  }

  /** A record as text (quoted fields, the header): the RFC 4180 tokenizer splits it. */
  private recordText(text: string, final: boolean, line: number): void {
    const fields = tokenize(text, final, line, this.opts.delimiter, this.file);
    if (fields.length === 0) return;
    if (this.header === null) {
      this.setHeader(headerNames(fields, this.opts, this.file));
      return;
    }
    if (fields.length !== this.width) {
      this.ragged(fields.length);
      return;
    }
    if (this.opts.skipRepeatedHeader && isSame(fields, this.header, this.opts.trim)) return;
    let s = 0;
    for (let j = 0; j < this.width; j++) {
      const slot = this.slots[j];
      if (slot.kind === 'skip') continue;
      if (slot.kind === 'numeric') {
        const v = parseNumericCell(fields[j]);
        if (v !== v && !this.invalid(s, j, slot.name, () => fields)) return;
        if (v === v) this.numbers[s] = v;
      } else {
        this.cats[s] = this.category(slot.index, fields[j]);
      }
      s++;
    }
    this.commit();
  }

  private category(index: Map<string, number>, value: string): number {
    return index.get(this.opts.trim ? value.trim() : value) ?? -1;
  }

  private looksLikeHeader(buf: Buffer, from: number, to: number): boolean {
    const h = this.firstHeaderBytes!;
    let a = from;
    let z = to;
    if (this.opts.trim) {
      while (a < z && (buf[a] === 32 || buf[a] === 9)) a++;
      while (z > a && (buf[z - 1] === 32 || buf[z - 1] === 9)) z--;
    }
    return z - a === h.length && buf.compare(h, 0, h.length, a, z) === 0;
  }

  /**
   * An invalid number in input s (header column j): false drops the row; impute-mean fills the
   * training mean; 'error' fails with TableBuilder's own message (built from the record's text).
   */
  private invalid(s: number, j: number, name: string, fields: () => string[]): boolean {
    switch (this.opts.onInvalid) {
      case 'drop-row':
        this.dropped++;
        return false;
      case 'impute-mean': {
        const fill = this.means.get(name) ?? NaN;
        if (Number.isNaN(fill)) {
          throw new DataError(
            `${this.file}: column ${quoteInput(name)} has no valid number to take a mean from; drop the column or fix the data.`,
          );
        }
        this.numbers[s] = fill;
        return true;
      }
      case 'error':
        this.builder().add(fields(), this.line);
        throw new DataError(`${this.file}: line ${this.line}, column #${j + 1} is not a number.`);
      default: {
        const never: never = this.opts.onInvalid;
        throw new DataError(`unknown onInvalid ${String(never)}`);
      }
    }
  }

  /** A builder with the file's columns (the model's declared), for its exact error messages. */
  private builder(): TableBuilder {
    const kinds = new Map(this.pre.inputs.map((c) => [c.name, c.kind] as const));
    const specs: ColumnSpec[] = this.header!.map((name) => ({
      name,
      kind: kinds.get(name) === 'numeric' ? 'numeric' : 'categorical',
      origin: 'declared',
    }));
    return new TableBuilder(specs, {
      file: this.file,
      onInvalid: 'error',
      missing: this.opts.missing,
      trim: this.opts.trim,
    });
  }

  private ragged(fields: number): void {
    if (this.opts.onInvalid === 'drop-row') {
      this.dropped++;
      return;
    }
    throw new DataError(
      `${this.file}: line ${this.line} has ${fields} fields but the header has ${this.width}. ` +
        'Fix the row (check for an unquoted delimiter or a missing value) or pass onInvalid: "drop-row".',
    );
  }

  /** Writes the parsed row (numbers and category positions) into the chunk. */
  private commit(): void {
    const base = this.rows * this.stride;
    const out = this.out;
    let s = 0;
    for (const slot of this.slots) {
      if (slot.kind === 'skip') continue;
      if (slot.kind === 'numeric') out[base + slot.at] = this.numbers[s];
      else if (this.cats[s] >= 0) out[base + slot.at + this.cats[s]] = 1;
      s++;
    }
    this.lines[this.rows++] = this.line;
  }

  private cut(): FeatureChunk {
    const rows = this.rows;
    const data = rows === this.opts.chunkSize ? this.out : this.out.slice(0, rows * this.stride);
    this.pre.scaler?.transformInPlace(data, this.stride);
    const chunk: FeatureChunk = {
      rows: new TensorData([rows, this.stride], 'float32', data),
      startRow: this.startRow,
      lines: rows === this.opts.chunkSize ? this.lines : this.lines.slice(0, rows),
      dropped: this.dropped,
    };
    this.startRow += rows;
    this.rows = 0;
    this.dropped = 0;
    this.out = new Float32Array(this.opts.chunkSize * this.stride);
    this.lines = new Int32Array(this.opts.chunkSize);
    return chunk;
  }
}

/** End of the quoted record starting at `pos` (the index of its ending LF), or -1 if not in `buf`. */
function quotedRecordEnd(buf: Buffer, pos: number, len: number): number {
  let quoted = false;
  for (let i = pos; i < len; i++) {
    const c = buf[i];
    if (c === QUOTE) quoted = !quoted;
    else if (c === LF && !quoted) return i;
  }
  return -1;
}

/**
 * The fields of one record's text, split by the RFC 4180 tokenizer. Its errors (an unclosed
 * quote) name the file's line: the record is re-tokenized behind line − 1 blank lines, which the
 * tokenizer skips but counts — only on that failure, so long quoted files stay linear.
 */
function tokenize(text: string, final: boolean, line: number, delimiter: string, file: string): string[] {
  const run = (prefix: string): string[] => {
    let fields: string[] = [];
    const tokenizer = new CsvTokenizer(delimiter, file);
    const sink = (f: string[]) => (fields = [...f]);
    tokenizer.push(prefix + text + (final ? '' : '\n'), sink);
    tokenizer.end(sink);
    return fields;
  };
  try {
    return run('');
  } catch {
    return run('\n'.repeat(line - 1));
  }
}

/** Fields of an unquoted record's text. */
function splitText(text: string, delimiter: string): string[] {
  return text.split(delimiter);
}

function isSame(fields: readonly string[], header: readonly string[], trim: boolean): boolean {
  if (fields.length !== header.length) return false;
  for (let j = 0; j < fields.length; j++) {
    if ((trim ? fields[j].trim() : fields[j]) !== header[j]) return false;
  }
  return true;
}
