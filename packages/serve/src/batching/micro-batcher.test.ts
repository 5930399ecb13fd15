import { describe, expect, it } from 'vitest';
import { MicroBatcher } from './micro-batcher';

/**
 * A runtime stand-in whose score is a known function of each row (the sum of its values), so
 * every request can check it got its own rows back in order; it records the rows of each call
 * and resolves after `ms`, like a model call that takes time.
 */
function sumRunner(width: number, ms = 0) {
  const calls: number[] = [];
  const run = async (x: Float32Array, rows: number): Promise<Float32Array> => {
    calls.push(rows);
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    const out = new Float32Array(rows);
    for (let i = 0; i < rows; i++) for (let j = 0; j < width; j++) out[i] += x[i * width + j];
    return out;
  };
  return { run, calls };
}

/** `rows` rows of `width` values; row i sums to base + i (first value base + i, the rest 0). */
function rowsFrom(base: number, rows: number, width: number): Float32Array {
  const x = new Float32Array(rows * width);
  for (let i = 0; i < rows; i++) x[i * width] = base + i;
  return x;
}

describe('MicroBatcher', () => {
  it('merges requests queued together into one call and gives each its own rows in order', async () => {
    const r = sumRunner(3);
    const b = new MicroBatcher(3, r.run, { maxBatchRows: 1000, maxBatchDelayMs: 5 });
    const results = await Promise.all(
      [0, 100, 200, 300].map((base, k) => b.submit(rowsFrom(base, k + 1, 3), k + 1)),
    );
    expect(r.calls).toEqual([1 + 2 + 3 + 4]);
    results.forEach((scores, k) =>
      expect(Array.from(scores)).toEqual(Array.from({ length: k + 1 }, (_, i) => k * 100 + i)),
    );
  });

  it('queues while a call runs and sends the queue together when it ends', async () => {
    const r = sumRunner(1, 20);
    const b = new MicroBatcher(1, r.run, { maxBatchRows: 1000, maxBatchDelayMs: 0 });
    const first = b.submit(rowsFrom(0, 2, 1), 2);
    await new Promise((res) => setTimeout(res, 5)); // the first call is running now
    const later = [1, 2, 3].map((k) => b.submit(rowsFrom(k * 10, 1, 1), 1));
    const got = await Promise.all([first, ...later]);
    expect(r.calls).toEqual([2, 3]);
    expect(got.map((s) => Array.from(s))).toEqual([[0, 1], [10], [20], [30]]);
  });

  it('cuts calls at maxBatchRows without splitting a request, and runs a bigger request alone', async () => {
    const r = sumRunner(1);
    const b = new MicroBatcher(1, r.run, { maxBatchRows: 4, maxBatchDelayMs: 5 });
    const sizes = [3, 2, 6, 1, 1];
    const got = await Promise.all(sizes.map((n, k) => b.submit(rowsFrom(k * 100, n, 1), n)));
    expect(r.calls).toEqual([3, 2, 6, 2]);
    got.forEach((s, k) =>
      expect(Array.from(s)).toEqual(Array.from({ length: sizes[k] }, (_, i) => k * 100 + i)),
    );
  });

  it('rejects every request of a failed call and keeps serving the next ones', async () => {
    let fail = true;
    const b = new MicroBatcher(
      1,
      async (x, rows) => {
        if (fail) throw new Error('runtime exploded');
        return x.slice(0, rows);
      },
      { maxBatchDelayMs: 1 },
    );
    const failed = await Promise.allSettled([
      b.submit(new Float32Array([1]), 1),
      b.submit(new Float32Array([2]), 1),
    ]);
    expect(failed.map((f) => f.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(Array.from(await b.submit(new Float32Array([7]), 1))).toEqual([7]);
  });

  it('drain() runs what is queued without waiting for the delay', async () => {
    const r = sumRunner(1);
    const b = new MicroBatcher(1, r.run, { maxBatchRows: 100, maxBatchDelayMs: 60_000 });
    const p = b.submit(new Float32Array([5]), 1);
    expect(b.pending).toBe(1);
    await b.drain();
    expect(Array.from(await p)).toEqual([5]);
    expect(b.pending).toBe(0);
  });

  it('rejects input whose size is not rows × width, and invalid options', () => {
    const b = new MicroBatcher(2, sumRunner(2).run);
    expect(() => b.submit(new Float32Array(3), 2)).toThrow(/3 values are not 2 rows of 2/);
    expect(() => new MicroBatcher(2, sumRunner(2).run, { maxBatchRows: 0 })).toThrow(/maxBatchRows/);
    expect(() => new MicroBatcher(2, sumRunner(2).run, { maxBatchDelayMs: -1 })).toThrow(/maxBatchDelayMs/);
  });
});
