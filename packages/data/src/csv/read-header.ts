import { closeSync, openSync, readSync } from 'node:fs';
import { DataError } from '@a3/core';
import { ioErrorFor } from '../io/read-bytes';
import { CsvTokenizer } from './tokenizer';

/**
 * The first record of a delimited file (its header, or its first row), read without loading the
 * file: lets a recipe look at the columns before deciding how to read a multi-GB file.
 */
export function readCsvFirstRecord(file: string, delimiter = ','): string[] {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw ioErrorFor(file, err);
  }
  try {
    const tokenizer = new CsvTokenizer(delimiter, file);
    const buf = Buffer.alloc(64 * 1024);
    let first: string[] | null = null;
    const sink = (fields: string[]): void => {
      first ??= [...fields];
    };
    let text = '';
    for (let pos = 0; first === null;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      pos += n;
      // Decoding piecewise could split a UTF-8 sequence; only the first line matters and it is re-read whole.
      text += buf.toString('utf8', 0, n);
      const nl = text.indexOf('\n');
      if (nl !== -1) tokenizer.push(text.slice(0, nl + 1), sink);
    }
    if (first === null) tokenizer.end(sink);
    if (first === null) throw new DataError(`${file} is empty.`);
    const fields: string[] = first;
    if (fields.length && fields[0].charCodeAt(0) === 0xfeff) fields[0] = fields[0].slice(1);
    return fields;
  } finally {
    closeSync(fd);
  }
}
