import { DataError, InvalidArgumentError } from '@a3/core';
import { quoteValue } from '../messages/quote';

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Receives each record; `fields` is reused for the next record, so copy it to keep it. */
export type RecordSink = (fields: string[], line: number) => void;

/**
 * An incremental RFC 4180 tokenizer: feed it text in arbitrary pieces, get whole records back.
 *
 * Quoted fields may hold delimiters, doubled quotes and line breaks; CRLF and LF both end a
 * record. A record cut by a piece boundary is kept as text and re-parsed once the next piece
 * arrives, so memory stays bounded by the longest record, never by the file. Blank lines are
 * skipped. `line` is the 1-based physical line where each record starts (quoted line breaks count).
 */
export class CsvTokenizer {
  private pending = '';
  private line = 1;
  private readonly delim: number;

  constructor(
    delimiter: string,
    private readonly file: string,
  ) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new InvalidArgumentError(
        `CSV delimiter must be one character other than a quote or line break, got ${quoteValue(delimiter)}.`,
      );
    }
    this.delim = delimiter.charCodeAt(0);
  }

  push(text: string, sink: RecordSink): void {
    this.parse(this.pending.length ? this.pending + text : text, false, sink);
  }

  /** Flushes the last record (a file need not end with a newline). */
  end(sink: RecordSink): void {
    this.parse(this.pending, true, sink);
    this.pending = '';
  }

  private parse(buf: string, final: boolean, sink: RecordSink): void {
    const len = buf.length;
    const delim = this.delim;
    const delimChar = String.fromCharCode(delim);
    let pos = 0;
    let nextDelim = -2; // -2: not searched yet; -1: none left in this buffer
    let nextLf = -2;
    // One array reused for every record: the sink must copy what it keeps.
    const fields: string[] = [];
    let recordStart = 0;
    let extraLines = 0;
    for (;;) {
      // Start of a field.
      if (pos >= len) {
        if (!final) break;
        // A record ending in a delimiter at EOF has a trailing empty field.
        if (fields.length) {
          fields.push('');
          this.emit(fields, sink);
          fields.length = 0;
        }
        recordStart = len;
        break;
      }
      let endCode: number;
      if (buf.charCodeAt(pos) === QUOTE) {
        let value = '';
        let p = pos + 1;
        let closed = -1;
        for (;;) {
          const q = buf.indexOf('"', p);
          if (q === -1) break;
          if (q + 1 < len && buf.charCodeAt(q + 1) === QUOTE) {
            value += buf.slice(p, q + 1);
            p = q + 2;
            continue;
          }
          if (q + 1 >= len && !final) break; // the next piece may start with the escaping quote
          value += buf.slice(p, q);
          closed = q + 1;
          break;
        }
        if (closed === -1) {
          if (!final) break;
          throw new DataError(
            `${this.file}: line ${this.line}: a quoted field is never closed. Check for a stray '"' in that row.`,
          );
        }
        for (let i = value.indexOf('\n'); i !== -1; i = value.indexOf('\n', i + 1)) extraLines++;
        p = closed;
        if (p < len && buf.charCodeAt(p) === CR) p++;
        endCode = p < len ? buf.charCodeAt(p) : -1;
        if (endCode !== delim && endCode !== LF && endCode !== -1) {
          throw new DataError(
            `${this.file}: line ${this.line}: unexpected ${JSON.stringify(buf[p])} after a closing quote. ` +
              'Inside a quoted field a quote must be doubled ("").',
          );
        }
        if (endCode === -1 && !final) break;
        fields.push(value);
        pos = p + 1;
      } else {
        // indexOf runs natively; remembering the next delimiter/newline avoids rescanning.
        if (nextDelim !== -1 && nextDelim < pos) nextDelim = buf.indexOf(delimChar, pos);
        if (nextLf !== -1 && nextLf < pos) nextLf = buf.indexOf('\n', pos);
        let p: number;
        let c: number;
        if (nextDelim !== -1 && (nextLf === -1 || nextDelim < nextLf)) {
          p = nextDelim;
          c = delim;
        } else if (nextLf !== -1) {
          p = nextLf;
          c = LF;
        } else {
          if (!final) break;
          p = len;
          c = -1;
        }
        const end = c !== delim && p > pos && buf.charCodeAt(p - 1) === CR ? p - 1 : p;
        fields.push(buf.slice(pos, end));
        endCode = c;
        pos = p + 1;
      }
      if (endCode === delim) continue;
      // End of record (LF or EOF).
      this.emit(fields, sink);
      this.line += 1 + extraLines;
      extraLines = 0;
      fields.length = 0;
      recordStart = Math.min(pos, len);
      if (endCode === -1) break;
    }
    // A record cut by the piece boundary is re-parsed from its start with the next piece.
    this.pending = buf.slice(recordStart);
  }

  private emit(fields: string[], sink: RecordSink): void {
    if (fields.length === 1 && fields[0] === '') return; // blank line
    sink(fields, this.line);
  }
}
