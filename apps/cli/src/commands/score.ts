import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, IOError, type Backend, type TensorData } from '@a3/core';
import { csvFeaturesUnsupported, readCsvFirstRecord, streamCsv, streamCsvFeatures, Table } from '@a3/data';
import { inspectParquet, isParquetPath, streamParquet } from '@a3/parquet';
import { Args, positionals } from '@a3/args';
import { ON_INVALID_CHOICES } from '../dataset/on-invalid';
import { openModel } from '../model/open-model';
import { PLUGIN_OPTION } from '../plugins/plugin-config';
import {
  pixelsToInput,
  preprocessingFromJSON,
  sampleWidth,
  type InputPreprocessing,
} from '../model/preprocessing';
import { TRAINING_OPTIONS } from '../model/detector-config';
import { checkOutputFile } from '../fs/output-path';
import { Progress } from '../terminal/progress';
import { ScoreWriter, type ScoreFormat } from '../scoring/score-writer';
import { ParquetScoreWriter } from '../scoring/parquet-score-writer';
import type { Command } from './command';

const USAGE =
  'a3 score MODEL INPUT.csv|INPUT.parquet [--out FILE] [--format csv|json|parquet] [--chunk-size N] [--quantize int8]';

/** The backend to score on: the named one, or for --quantize int8 an onnx backend that quantizes. */
async function scoringBackend(
  name: string | undefined,
  quantize: 'none' | 'int8',
): Promise<string | Backend | undefined> {
  if (quantize === 'none') return name;
  if (name !== undefined && name !== 'onnx') {
    throw new InvalidArgumentError(
      `--quantize ${quantize} runs on the onnx backend; drop --backend ${name} or --quantize.`,
    );
  }
  const { createOnnxBackend } = await import('@a3/backend-onnx');
  return createOnnxBackend({ quantize });
}

/** Rows in the file, estimated from the length of its first lines: only for the progress ETA. */
function estimateRows(file: string): number {
  const size = statSync(file).size;
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size, 1 << 20));
    const n = readSync(fd, buf, 0, buf.length, 0);
    let lines = 0;
    for (let i = 0; i < n; i++) if (buf[i] === 10) lines++;
    return lines === 0 ? 1 : Math.max(1, Math.round((size / n) * lines));
  } finally {
    closeSync(fd);
  }
}

/** Column names for a CSV without a header: the model's inputs in training order, then extras. */
function headerFor(file: string, pre: InputPreprocessing, width: number, delimiter: string): string[] {
  const count = readCsvFirstRecord(file, delimiter).length;
  const inputs =
    pre.kind === 'tabular'
      ? pre.preprocessor.inputs.map((c) => c.name)
      : Array.from({ length: width }, (_, j) => `pixel${j}`);
  return Array.from(
    { length: Math.max(count, inputs.length) },
    (_, j) => inputs[j] ?? `extra${j - inputs.length + 1}`,
  );
}

export const scoreCommand: Command = {
  name: 'score',
  summary: 'Score a CSV of any size with a saved model, streaming, into CSV or JSON scores',
  usage: USAGE,
  example: 'a3 score ./a3-models/nsl-kdd traffic.csv --out scores.csv',
  options: {
    out: { type: 'string', description: 'Output file, written atomically (default: stdout)' },
    format: {
      type: 'string',
      description: 'csv, json or parquet (default: parquet when --out ends in .parquet, else csv)',
    },
    'chunk-size': {
      type: 'string',
      description: 'Rows read and scored at a time (bounds memory)',
      default: '10000',
    },
    'no-header': {
      type: 'boolean',
      description:
        'The CSV has no header row: columns are the model’s inputs in training order, extras ignored',
    },
    keep: {
      type: 'string',
      description: 'Input columns to copy into the output, comma-separated (ids, labels)',
    },
    'on-invalid': {
      type: 'string',
      description: 'Missing / non-numeric values: error, drop-row or impute-mean (training means)',
      default: 'error',
    },
    delimiter: { type: 'string', description: 'Field separator of the input', default: ',' },
    'parse-worker': {
      type: 'string',
      description:
        'on: a worker thread parses the CSV ahead while this one scores (tabular CSV without --keep); off: one thread',
      default: 'on',
    },
    quantize: {
      type: 'string',
      description:
        'int8: score with the MatMuls quantized to int8 (onnx backend; ~3× less CPU, scores within ~1e-3 of float)',
    },
    backend: TRAINING_OPTIONS.backend,
    plugin: { ...PLUGIN_OPTION, description: `${PLUGIN_OPTION.description} (default: the model's)` },
  },
  async run({ io, values, positionals: given }) {
    const args = new Args(values);
    const [modelArg, input] = positionals(given, ['MODEL', 'INPUT'], USAGE);
    const format =
      args.choice<ScoreFormat | 'parquet'>('format', ['csv', 'json', 'parquet']) ??
      (isParquetPath(args.string('out') ?? '') ? 'parquet' : 'csv');
    const chunkSize = args.int('chunk-size') ?? 10_000;
    const onInvalid = args.choice('on-invalid', ON_INVALID_CHOICES) ?? 'error';
    const delimiter = args.string('delimiter') ?? ',';
    const keep = args.list('keep') ?? [];
    const inputPath = resolve(input);
    try {
      if (!statSync(inputPath).isFile()) throw new Error('not a file');
    } catch {
      throw new IOError(`input ${input} is not a readable file; pass a CSV or Parquet file to score.`);
    }
    const out = args.string('out');
    const modelDir = resolve(modelArg);
    if (out !== undefined) {
      checkOutputFile('--out', out, [
        { path: inputPath, what: 'the input file' },
        { path: modelDir, what: 'the model directory' },
      ]);
    }
    const quantize = args.choice('quantize', ['none', 'int8'] as const) ?? 'none';
    const detector = await openModel(modelDir, await scoringBackend(args.string('backend'), quantize), {
      recordedPlugins: !args.has('plugin'),
    });
    const progress = new Progress(io, `scoring ${input}`);
    let writer: ScoreWriter | ParquetScoreWriter | undefined;
    let chunks: AsyncIterator<ScoreChunk> | undefined;
    let rows = 0;
    let dropped = 0;
    try {
      const pre = preprocessingFromJSON(detector.preprocessing, modelArg);
      const inputShape = detector.inputShape;
      const width = sampleWidth(inputShape);
      const parquet = isParquetPath(inputPath);
      const header = args.flag('no-header') && !parquet ? headerFor(inputPath, pre, width, delimiter) : true;
      const csv = { chunkSize, onInvalid, delimiter, header };
      // Parquet: only the model's columns and --keep are read; the first chunk fails on missing
      // columns and strings where the model needs numbers, from the footer, before any data.
      const pq = { chunkSize, onInvalid, columns: keep };
      // A tabular CSV whose rows are only scored (no --keep) goes from bytes to features without a
      // table in between (streamCsvFeatures: same values, several times less CPU).
      const fast =
        pre.kind === 'tabular' &&
        !parquet &&
        keep.length === 0 &&
        csvFeaturesUnsupported({ ...csv, preprocessor: pre.preprocessor }) === null;
      chunks = (
        pre.kind === 'tabular'
          ? parquet
            ? mapChunks(streamParquet(inputPath, { ...pq, preprocessor: pre.preprocessor }), (c) => c.rows)
            : fast
              ? mapChunks(
                  // Parsed in a worker thread, two chunks ahead, while this thread scores.
                  withoutTable(
                    streamCsvFeatures(inputPath, {
                      ...csv,
                      preprocessor: pre.preprocessor,
                      worker: args.choice('parse-worker', ['on', 'off'] as const) !== 'off',
                    }),
                  ),
                  (c) => c.rows,
                )
              : mapChunks(streamCsv(inputPath, { ...csv, preprocessor: pre.preprocessor }), (c) => c.rows)
          : mapChunks(
              parquet ? streamParquet(inputPath, { chunkSize, onInvalid }) : streamCsv(inputPath, csv),
              (c) => pixelsToInput(c.table, pre.divideBy, inputShape, c.lines[0] ?? 0),
            )
      )[Symbol.asyncIterator]();
      // Reading the first chunk checks the columns, the delimiter and the first rows, and --keep
      // names columns there are: only then is anything written (no CSV header before an error).
      let next = await chunks.next();
      if (!next.done) for (const k of keep) next.value.table.column(k);
      writer =
        format === 'parquet'
          ? ParquetScoreWriter.open(out, keep, detector.threshold)
          : await ScoreWriter.open(out, format, keep, detector.threshold, io);
      const estimate = parquet ? (await inspectParquet(inputPath)).rowCount : estimateRows(inputPath);
      for (; !next.done; next = await chunks.next()) {
        const chunk = next.value;
        const scores = chunk.x.shape[0] > 0 ? await detector.score(chunk.x) : new Float32Array(0);
        await writer.write(chunk.table, chunk.startRow, chunk.lines, scores);
        rows += scores.length;
        dropped += chunk.dropped;
        progress.update({ done: rows, total: Math.max(estimate, rows) });
      }
      await writer.close();
    } catch (err) {
      await writer?.abort();
      await chunks?.return?.();
      throw err;
    } finally {
      detector.dispose();
    }
    progress.finish(
      `${rows} rows${dropped ? `, ${dropped} invalid rows dropped` : ''}${out ? ` → ${out}` : ''}`,
    );
    return 0;
  },
};

/** One chunk of input rows as model input, with what the writer needs to identify the rows. */
interface ScoreChunk {
  x: TensorData<'float32'>;
  table: Table;
  startRow: number;
  lines: Int32Array;
  dropped: number;
}

async function* mapChunks<C extends Omit<ScoreChunk, 'x'>>(
  source: AsyncIterable<C>,
  toInput: (c: C) => TensorData<'float32'>,
): AsyncGenerator<ScoreChunk> {
  for await (const c of source) {
    yield { x: toInput(c), table: c.table, startRow: c.startRow, lines: c.lines, dropped: c.dropped };
  }
}

const NO_COLUMNS = new Table([]);

/** Feature chunks with an empty table: the writer reads the table only for --keep columns. */
async function* withoutTable<C extends Omit<ScoreChunk, 'x' | 'table'>>(
  source: AsyncIterable<C>,
): AsyncGenerator<C & { table: Table }> {
  for await (const c of source) yield { ...c, table: NO_COLUMNS };
}
