import { createReadStream } from 'node:fs';
import { A3Error } from '@a3/core';
import { ioErrorFor } from '../io/read-bytes';
import { resolveCsvOptions } from '../csv/options';
import { toMap } from '../csv/read-csv';
import type { CsvTensorStreamOptions } from '../csv/stream-csv';
import { CsvFeatureReader, type FeatureChunk } from './feature-reader';

/** 1 MiB reads, as the table reader. */
const READ_SIZE = 1 << 20;

/**
 * Why `streamCsvFeatures` cannot stand in for `streamCsv(file, { preprocessor })` with these
 * options, or null when it can. It reads the model's columns only, so options about the other
 * columns (declared kinds, drops, a row limit) and header-less files with generated names need
 * the table reader; so does a preprocessor that fails on unseen categories (its message comes
 * from the table).
 */
export function csvFeaturesUnsupported(options: CsvTensorStreamOptions): string | null {
  const d = options.delimiter ?? ',';
  if (d.length !== 1 || d.charCodeAt(0) > 127) return 'a non-ASCII delimiter';
  if (options.header === false) return 'header: false';
  if (options.categorical?.length || options.numeric?.length || options.drop?.length) {
    return 'declared column kinds or drops';
  }
  if (options.maxRows !== undefined && options.maxRows !== Infinity) return 'maxRows';
  if (options.inferRows !== undefined) return 'inferRows';
  if (options.preprocessor.oneHot.unknown !== 'zeros') return "unknownCategory 'error'";
  return null;
}

/**
 * The features `streamCsv(file, { preprocessor, ... })` yields (`rows`, `startRow`, `lines`,
 * `dropped`: the same values), parsed straight from the file's bytes — several times faster,
 * for scoring large files. No table: columns the model does not read are skipped unchecked.
 * Check `csvFeaturesUnsupported(options)` first.
 */
export async function* streamCsvFeatures(
  file: string,
  options: CsvTensorStreamOptions,
): AsyncGenerator<FeatureChunk> {
  const pre = options.preprocessor;
  const hints = new Map(pre.inputs.map((c) => [c.name, c.kind] as const));
  const opts = resolveCsvOptions(options, hints);
  const means = options.imputeWith ? toMap(options.imputeWith) : pre.means;
  const reader = new CsvFeatureReader(file, pre, opts, means);
  const stream = createReadStream(file, { highWaterMark: READ_SIZE });
  let first = true;
  try {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      // A UTF-8 byte-order mark would otherwise glue itself to the first column name.
      const bytes =
        first && piece.length >= 3 && piece[0] === 0xef && piece[1] === 0xbb && piece[2] === 0xbf
          ? piece.subarray(3)
          : piece;
      first = false;
      yield* reader.push(bytes, false);
    }
    yield* reader.push(Buffer.alloc(0), true);
  } catch (err) {
    throw err instanceof A3Error ? err : ioErrorFor(file, err);
  } finally {
    stream.destroy();
  }
}
