import { InvalidArgumentError } from '@a3/core';

export interface BatchingOptions {
  /** A runtime call takes queued requests up to this many rows (a bigger request runs alone). Default 1024. */
  maxBatchRows?: number;
  /** How long the first queued request waits for others while the runtime is idle, in ms. Default 1. */
  maxBatchDelayMs?: number;
}

export const DEFAULT_BATCHING: Required<BatchingOptions> = { maxBatchRows: 1024, maxBatchDelayMs: 1 };

/** Scores `rows` samples laid out row-major in `x` (`width` values each); one score per row. */
export type BatchRunner = (x: Float32Array, rows: number) => Promise<Float32Array>;

interface Job {
  x: Float32Array;
  rows: number;
  resolve: (scores: Float32Array) => void;
  reject: (err: unknown) => void;
}

export function checkBatching(options: BatchingOptions = {}): Required<BatchingOptions> {
  const o = { ...DEFAULT_BATCHING, ...options };
  if (!Number.isInteger(o.maxBatchRows) || o.maxBatchRows < 1) {
    throw new InvalidArgumentError(`maxBatchRows must be a whole number ≥ 1; got ${String(o.maxBatchRows)}.`);
  }
  if (!Number.isFinite(o.maxBatchDelayMs) || o.maxBatchDelayMs < 0) {
    throw new InvalidArgumentError(`maxBatchDelayMs must be a number ≥ 0; got ${String(o.maxBatchDelayMs)}.`);
  }
  return o;
}

/**
 * Merges concurrent score requests into one runtime call. A request that finds the runtime idle
 * waits up to `maxBatchDelayMs` for company (or until `maxBatchRows` rows are queued); while a
 * call runs, arriving requests queue and go together in the next call as soon as it ends. So at
 * concurrency 1 a request pays at most the delay, and under load every call carries as many rows
 * as arrived during the previous one — throughput grows with concurrency. One call per model
 * runs at a time; results go back to each request in its own row order.
 */
export class MicroBatcher {
  private queue: Job[] = [];
  private queuedRows = 0;
  private running: Promise<void> | null = null;
  /** Cancels the pending delayed flush, when there is one. */
  private cancelTimer: (() => void) | null = null;
  private readonly options: Required<BatchingOptions>;

  constructor(
    private readonly width: number,
    private readonly run: BatchRunner,
    options: BatchingOptions = {},
    private readonly onBatch?: (rows: number, requests: number) => void,
  ) {
    this.options = checkBatching(options);
  }

  /** Requests waiting for a runtime call (not counting the one running). */
  get pending(): number {
    return this.queue.length;
  }

  /** Queues `rows` samples (row-major, `width` values each) and resolves with their scores. */
  submit(x: Float32Array, rows: number): Promise<Float32Array> {
    if (x.length !== rows * this.width) {
      throw new InvalidArgumentError(`submit: ${x.length} values are not ${rows} rows of ${this.width}.`);
    }
    return new Promise<Float32Array>((resolve, reject) => {
      this.queue.push({ x, rows, resolve, reject });
      this.queuedRows += rows;
      this.schedule();
    });
  }

  /** Runs everything queued now, without waiting for the delay, and resolves when all calls ended. */
  async drain(): Promise<void> {
    for (;;) {
      if (this.running) {
        await this.running;
        continue;
      }
      if (this.queue.length === 0) return;
      this.clearTimer();
      this.flush();
    }
  }

  private schedule(): void {
    if (this.running) return; // the running call's completion flushes the queue
    if (this.queuedRows >= this.options.maxBatchRows) {
      this.clearTimer();
      this.flush();
      return;
    }
    if (this.cancelTimer) return;
    const fire = () => {
      this.cancelTimer = null;
      if (!this.running) this.flush();
    };
    const delay = this.options.maxBatchDelayMs;
    if (delay > 0) {
      const t = setTimeout(fire, delay);
      this.cancelTimer = () => clearTimeout(t);
    } else {
      // Delay 0 still merges the requests parsed in the same turn of the event loop.
      const t = setImmediate(fire);
      this.cancelTimer = () => clearImmediate(t);
    }
  }

  private clearTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  /** Starts one runtime call with the queued jobs up to maxBatchRows (at least one job). */
  private flush(): void {
    if (this.queue.length === 0) return;
    let take = 0;
    let rows = 0;
    while (
      take < this.queue.length &&
      (take === 0 || rows + this.queue[take].rows <= this.options.maxBatchRows)
    ) {
      rows += this.queue[take].rows;
      take++;
    }
    const jobs = this.queue.splice(0, take);
    this.queuedRows -= rows;
    this.running = this.execute(jobs, rows).finally(() => {
      this.running = null;
      // Whatever queued during the call has waited at least that long: go at once.
      if (this.queue.length > 0) this.flush();
    });
  }

  /** Never rejects: a failed call rejects its requests instead. */
  private async execute(jobs: Job[], rows: number): Promise<void> {
    let scores: Float32Array;
    try {
      let x: Float32Array;
      if (jobs.length === 1) x = jobs[0].x;
      else {
        x = new Float32Array(rows * this.width);
        let at = 0;
        for (const j of jobs) {
          x.set(j.x, at);
          at += j.x.length;
        }
      }
      this.onBatch?.(rows, jobs.length);
      scores = await this.run(x, rows);
      if (scores.length !== rows) {
        throw new InvalidArgumentError(`the model returned ${scores.length} scores for ${rows} rows.`);
      }
    } catch (err) {
      for (const j of jobs) j.reject(err);
      return;
    }
    let at = 0;
    for (const j of jobs) {
      j.resolve(scores.subarray(at, at + j.rows));
      at += j.rows;
    }
  }
}
