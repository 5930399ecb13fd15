import { createReadStream, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { A3Error, DataError, FormatError, InvalidArgumentError, IOError, TensorData } from '@a3/core';
import { ioErrorFor } from '../io/read-bytes';
import { resolveCsvOptions } from '../csv/options';
import { toMap } from '../csv/read-csv';
import type { CsvTensorStreamOptions } from '../csv/stream-csv';
import { CsvFeatureReader, type FeatureChunk } from './feature-reader';
import type { FromWorker, ToWorker, WorkerInput } from './worker-protocol';

export interface CsvFeatureStreamOptions extends CsvTensorStreamOptions {
  /**
   * Parse in a worker thread, `ahead` chunks in advance, while the caller computes on the
   * previous one (default false). Needs the built package (dist/feature-worker.js) or
   * `workerScript`; without either it parses in this thread.
   */
  worker?: boolean | { ahead?: number; workerScript?: string };
}

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
export function streamCsvFeatures(
  file: string,
  options: CsvFeatureStreamOptions,
): AsyncGenerator<FeatureChunk> {
  const w = options.worker;
  if (w) {
    const script = (typeof w === 'object' && w.workerScript) || builtWorker();
    if (script) return workerChunks(file, options, script, typeof w === 'object' ? (w.ahead ?? 2) : 2);
  }
  return localChunks(file, options);
}

/** dist/feature-worker.js beside the built package; null when running from source. */
function builtWorker(): string | null {
  try {
    const path = fileURLToPath(new URL('./feature-worker.js', import.meta.url));
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const ERRORS: Record<string, new (message: string) => A3Error> = {
  DataError,
  IOError,
  FormatError,
  InvalidArgumentError,
};

async function* workerChunks(
  file: string,
  options: CsvFeatureStreamOptions,
  script: string,
  ahead: number,
): AsyncGenerator<FeatureChunk> {
  const { preprocessor, imputeWith, worker: _w, ...csv } = options;
  const means = imputeWith ? toMap(imputeWith) : preprocessor.means;
  const input: WorkerInput = {
    file,
    preprocessor: preprocessor.toJSON(),
    options: csv,
    means: Object.fromEntries(means),
    ahead: Math.max(1, ahead),
  };
  const worker = new Worker(script, { workerData: { a3CsvFeatures: input } });
  const queue: FromWorker[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  let exited = false;
  worker.on('message', (m: FromWorker) => {
    queue.push(m);
    wake?.();
  });
  worker.on('error', (err) => {
    failure = err;
    wake?.();
  });
  worker.on('exit', () => {
    exited = true;
    wake?.();
  });
  try {
    for (;;) {
      while (queue.length === 0 && !failure && !exited) await new Promise<void>((ok) => (wake = ok));
      wake = null;
      const m = queue.shift();
      if (!m)
        throw new DataError(
          `${file}: the CSV worker stopped: ${(failure as Error | null)?.message ?? 'unknown'}`,
        );
      if (m.kind === 'end') return;
      if (m.kind === 'error') throw new (ERRORS[m.name] ?? DataError)(m.message);
      worker.postMessage({ kind: 'more' } satisfies ToWorker);
      yield {
        rows: new TensorData(m.shape, 'float32', m.rows),
        startRow: m.startRow,
        lines: m.lines,
        dropped: m.dropped,
      };
    }
  } finally {
    worker.postMessage({ kind: 'stop' } satisfies ToWorker);
    await worker.terminate();
  }
}

async function* localChunks(file: string, options: CsvFeatureStreamOptions): AsyncGenerator<FeatureChunk> {
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
