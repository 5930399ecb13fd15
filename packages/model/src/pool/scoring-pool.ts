import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { A3Error, InvalidArgumentError, type A3ErrorCode, type CompileOptions } from '@a3/core';
import type { FromScoreWorker, ScoreWorkerInput, ToScoreWorker, WorkerErrorInfo } from './pool-protocol';

/** How long close() lets a worker release its runtime before it is terminated. */
const CLOSE_TIMEOUT_MS = 5000;

export interface ScoringPoolOptions {
  /** Worker threads, each with its own copy of the model [the machine's cores]. */
  threads?: number;
  /** Backend name [the registry's choice: A3_BACKEND, else the best available]. */
  backend?: string;
  /**
   * Put under every compile in the workers [{ threads: 1 }]: one intra-op thread per worker,
   * so N workers use N cores without the hand-offs of one N-threaded runtime call.
   */
  compileOptions?: CompileOptions;
  /** Module URLs each worker imports before loading the model: the plugins this process loaded. */
  preload?: readonly string[];
  /** The worker's JS file [dist/score-worker.js beside the built package]. */
  workerScript?: string;
  /** A call splits into one part per worker only when each part gets at least this many rows [256]. */
  minRowsPerPart?: number;
}

interface Pending {
  resolve: (scores: Float32Array) => void;
  reject: (err: Error) => void;
}

interface PoolWorker {
  worker: Worker;
  /** Parts sent and not answered yet. */
  pending: Map<number, Pending>;
}

/** dist/score-worker.js beside the built package; null when running from source. */
export function builtScoreWorker(): string | null {
  try {
    const path = fileURLToPath(new URL('./score-worker.js', import.meta.url));
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** An error from a worker as this thread's: an A3Error with the same code and class name. */
function rebuild(info: WorkerErrorInfo, prefix = ''): Error {
  const message = prefix + info.message;
  const err = info.code ? new A3Error(info.code as A3ErrorCode, message) : new Error(message);
  err.name = info.name;
  return err;
}

/**
 * One model scored on several threads: each worker thread loads the model directory on its own
 * backend instance (by default single-threaded) and a call's rows are split evenly across them,
 * the scores put back in row order. On 2 cores two single-threaded ONNX Runtime sessions score
 * about a quarter more rows per second than one two-threaded session, and the calling thread
 * stays free (an HTTP server keeps parsing requests while the model runs).
 */
export class ScoringPool {
  private nextId = 0;
  /** Parts sent and not answered, over all workers. */
  private inFlight = 0;
  /** close() waiting for inFlight to reach 0. */
  private drained: (() => void)[] = [];
  private broken: Error | null = null;
  private closed = false;

  private constructor(
    private readonly workers: PoolWorker[],
    /** Backend the workers run on; null for detectors in plain JavaScript. */
    readonly backend: string | null,
    private readonly width: number,
    private readonly minRowsPerPart: number,
  ) {
    for (const w of workers) {
      w.worker.on('message', (m: FromScoreWorker) => this.answer(w, m));
      w.worker.on('error', (err) => this.fail(err));
      w.worker.on('exit', (code) => {
        if (!this.closed) this.fail(new Error(`a score worker stopped (exit code ${code}).`));
      });
    }
  }

  /** Threads in the pool. */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Starts the workers and waits until each has loaded and warmed the model (a load error — a
   * missing plugin, a corrupt file — rejects with the worker's own error). `inputShape` is the
   * model's shape of one row (a3.json inputShape).
   */
  static async open(
    dir: string,
    inputShape: readonly number[],
    options: ScoringPoolOptions = {},
  ): Promise<ScoringPool> {
    const width = inputShape.reduce((a, b) => a * b, 1);
    const threads = options.threads ?? availableParallelism();
    if (!Number.isInteger(threads) || threads < 1) {
      throw new InvalidArgumentError(
        `ScoringPool: threads must be a whole number ≥ 1; got ${String(threads)}.`,
      );
    }
    const minRowsPerPart = options.minRowsPerPart ?? 256;
    const script = options.workerScript ?? builtScoreWorker();
    if (!script) {
      throw new InvalidArgumentError(
        'ScoringPool: no worker script (dist/score-worker.js); build @a3/model or pass workerScript.',
      );
    }
    const input: ScoreWorkerInput = {
      dir,
      inputShape: [...inputShape],
      width,
      ...(options.backend ? { backend: options.backend } : {}),
      compileOptions: options.compileOptions ?? { threads: 1 },
      preload: [...(options.preload ?? [])],
    };
    const workers = Array.from(
      { length: threads },
      () => new Worker(script, { workerData: { a3ScoreWorker: input } }),
    );
    const ready = await Promise.allSettled(workers.map((w) => whenReady(w)));
    const failed = ready.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw failed.reason;
    }
    const backend = (ready[0] as PromiseFulfilledResult<string | null>).value;
    return new ScoringPool(
      workers.map((worker) => ({ worker, pending: new Map() })),
      backend,
      width,
      minRowsPerPart,
    );
  }

  /**
   * Scores `rows` samples (row-major, `width` values each): split into up to one part per
   * worker, each part to the worker with the fewest parts waiting. Resolves with one score per row.
   */
  async score(
    x: Float32Array,
    rows: number,
    shape: readonly number[] = [rows, this.width],
  ): Promise<Float32Array> {
    if (this.broken) throw this.broken;
    if (this.closed) throw new InvalidArgumentError('ScoringPool: score() after close().');
    if (x.length !== rows * this.width) {
      throw new InvalidArgumentError(
        `ScoringPool: ${x.length} values are not ${rows} rows of ${this.width}.`,
      );
    }
    if (rows === 0) return new Float32Array(0);
    const parts = Math.max(1, Math.min(this.workers.length, Math.floor(rows / this.minRowsPerPart)));
    const out = new Float32Array(rows);
    const sample = shape.slice(1);
    const jobs: Promise<void>[] = [];
    for (let p = 0, start = 0; p < parts; p++) {
      const n = Math.floor(rows / parts) + (p < rows % parts ? 1 : 0);
      const at = start;
      // A copy per part: its buffer moves to the worker.
      const part = x.slice(at * this.width, (at + n) * this.width);
      jobs.push(this.send(part, [n, ...sample]).then((s) => out.set(s, at)));
      start += n;
    }
    await Promise.all(jobs);
    return out;
  }

  /** Finishes the parts in flight, then stops the workers (each releases its runtime first). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.inFlight > 0) await new Promise<void>((ok) => this.drained.push(ok));
    await Promise.all(
      this.workers.map(async ({ worker }) => {
        const exited = new Promise<void>((ok) => worker.once('exit', () => ok()));
        worker.postMessage({ kind: 'close' } satisfies ToScoreWorker);
        const timer = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  private send(x: Float32Array, shape: number[]): Promise<Float32Array> {
    let w = this.workers[0];
    for (const c of this.workers) if (c.pending.size < w.pending.size) w = c;
    const id = this.nextId++;
    this.inFlight++;
    return new Promise<Float32Array>((resolve, reject) => {
      w.pending.set(id, { resolve, reject });
      w.worker.postMessage({ kind: 'score', id, x, shape } satisfies ToScoreWorker, [
        x.buffer as ArrayBuffer,
      ]);
    });
  }

  private answer(w: PoolWorker, m: FromScoreWorker): void {
    if (m.kind !== 'scores' && m.kind !== 'error') return;
    const p = w.pending.get(m.id);
    if (!p) return;
    w.pending.delete(m.id);
    if (m.kind === 'scores') p.resolve(m.scores);
    else p.reject(rebuild(m.error));
    if (--this.inFlight === 0) for (const ok of this.drained.splice(0)) ok();
  }

  /** A worker died: every waiting call fails, and so does every later one. */
  private fail(err: Error): void {
    this.broken ??= err;
    for (const w of this.workers) {
      for (const p of w.pending.values()) p.reject(err);
      w.pending.clear();
    }
    this.inFlight = 0;
    for (const ok of this.drained.splice(0)) ok();
    if (!this.closed) {
      this.closed = true;
      for (const w of this.workers) void w.worker.terminate();
    }
  }
}

/** Resolves with the worker's backend once it loaded the model; rejects with its load error. */
function whenReady(worker: Worker): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromScoreWorker) => {
      if (m.kind === 'ready') done(() => resolve(m.backend));
      else if (m.kind === 'failed') done(() => reject(rebuild(m.error)));
    };
    const onError = (err: Error) => done(() => reject(err));
    const onExit = (code: number) =>
      done(() => reject(new Error(`a score worker stopped while loading the model (exit code ${code}).`)));
    const done = (settle: () => void) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      settle();
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}
