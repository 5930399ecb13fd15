/**
 * The worker thread of `streamCsvFeatures(file, { worker: true })`: reads and parses the CSV
 * while the caller's thread scores the previous chunk. Built as its own file
 * (dist/feature-worker.js, see tsup.config.ts); the protocol is in worker-protocol.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { A3Error } from '@a3/core';
import { TabularPreprocessor } from '../preprocess/tabular-preprocessor';
import { ioErrorFor } from '../io/read-bytes';
import { resolveCsvOptions } from '../csv/options';
import { openSync, readSync, closeSync } from 'node:fs';
import { CsvFeatureReader, type FeatureChunk } from './feature-reader';
import type { FromWorker, ToWorker, WorkerInput } from './worker-protocol';

const READ_SIZE = 1 << 20;

function post(msg: FromWorker, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(msg, transfer);
}

function send(c: FeatureChunk): void {
  const rows = c.rows.data as Float32Array;
  post(
    {
      kind: 'chunk',
      rows,
      shape: [...c.rows.shape],
      lines: c.lines,
      startRow: c.startRow,
      dropped: c.dropped,
    },
    [rows.buffer as ArrayBuffer, c.lines.buffer as ArrayBuffer],
  );
}

/** Parses ahead up to `credit` chunks, waiting for the caller's 'more' messages. */
async function run(input: WorkerInput): Promise<void> {
  const pre = TabularPreprocessor.fromJSON(input.preprocessor);
  const hints = new Map(pre.inputs.map((c) => [c.name, c.kind] as const));
  const opts = resolveCsvOptions(input.options, hints);
  const means = new Map(Object.entries(input.means));
  const reader = new CsvFeatureReader(input.file, pre, opts, means);
  let credit = input.ahead;
  let wake: (() => void) | null = null;
  let stop = false;
  parentPort!.on('message', (m: ToWorker) => {
    if (m.kind === 'more') credit += 1;
    else stop = true;
    wake?.();
  });
  const waitForCredit = async () => {
    while (credit <= 0 && !stop) await new Promise<void>((ok) => (wake = ok));
    wake = null;
  };
  let fd: number | undefined;
  try {
    fd = openSync(input.file, 'r');
    let first = true;
    for (;;) {
      const buf = Buffer.allocUnsafe(READ_SIZE);
      const n = readSync(fd, buf, 0, READ_SIZE, null);
      let bytes = buf.subarray(0, n);
      if (first && n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
        bytes = bytes.subarray(3);
      first = false;
      for (const c of reader.push(bytes, n === 0)) {
        await waitForCredit();
        if (stop) return;
        credit -= 1;
        send(c);
      }
      if (n === 0) break;
    }
    post({ kind: 'end' });
  } catch (err) {
    const e = err instanceof A3Error ? err : ioErrorFor(input.file, err);
    post({ kind: 'error', name: e.constructor.name, message: e.message });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

if (parentPort && (workerData as { a3CsvFeatures?: WorkerInput } | null)?.a3CsvFeatures) {
  void run((workerData as { a3CsvFeatures: WorkerInput }).a3CsvFeatures).finally(() => parentPort!.close());
}
