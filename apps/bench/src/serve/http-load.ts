import { Agent, request } from 'node:http';
import { percentile } from '../measure/stats';

export interface LoadOptions {
  /** Score endpoint on 127.0.0.1. */
  url: string;
  /** Request bodies (JSON); worker k sends bodies[(k + i) % n] as its i-th request. */
  bodies: readonly string[];
  rowsPerRequest: number;
  concurrency: number;
  durationMs: number;
  /** Called about every second with the elapsed time (RSS sampling). */
  onTick?: (elapsedMs: number) => void;
}

export interface LoadResult {
  concurrency: number;
  durationSec: number;
  requests: number;
  /** Rows in requests answered 200, per second. */
  rowsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-200 answers and connection failures. */
  errors: number;
  /** The first few error descriptions, for the report. */
  errorSamples: string[];
}

/** One POST over a keep-alive agent; resolves with the status or the connection error. */
function post(url: URL, body: string, agent: Agent): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume(); // the bench checks the status; the body is drained, not parsed
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    req.end(body);
  });
}

/**
 * Closed-loop load: `concurrency` workers, each sending its next request as soon as the last
 * is answered, over one keep-alive connection each, for `durationMs`. Latency is send to last
 * byte of the answer; rows/s counts rows of 200 answers over the whole window.
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(o.url)) {
    throw new Error(`load goes to 127.0.0.1 only; got ${o.url}`);
  }
  const url = new URL(o.url);
  const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let ok = 0;
  let errors = 0;
  const start = performance.now();
  const end = start + o.durationMs;
  let nextTick = start + 1000;
  const worker = async (k: number) => {
    for (let i = 0; performance.now() < end; i++) {
      const t0 = performance.now();
      const status = await post(url, o.bodies[(k + i) % o.bodies.length], agent);
      const t1 = performance.now();
      if (status === 200) {
        ok++;
        latencies.push(t1 - t0);
      } else {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(String(status));
      }
      if (o.onTick && t1 >= nextTick) {
        nextTick += 1000;
        o.onTick(t1 - start);
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, (_, k) => worker(k)));
  const elapsed = performance.now() - start;
  agent.destroy();
  return {
    concurrency: o.concurrency,
    durationSec: elapsed / 1000,
    requests: ok + errors,
    rowsPerSec: (ok * o.rowsPerRequest) / (elapsed / 1000),
    p50Ms: latencies.length ? percentile(latencies, 0.5) : NaN,
    p99Ms: latencies.length ? percentile(latencies, 0.99) : NaN,
    errors,
    errorSamples,
  };
}
