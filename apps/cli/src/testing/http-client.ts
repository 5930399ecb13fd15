import { Agent, request } from 'node:http';

/** One HTTP exchange: the status and parsed body, or the connection error that ended it. */
export interface Exchange {
  status?: number;
  body?: unknown;
  /** Error code of a request that got no response (ECONNREFUSED, ECONNRESET, …). */
  error?: string;
  startedAt: number;
  endedAt: number;
}

/**
 * Sends one request to a loopback server and never rejects: a connection failure comes back as
 * `error`, so a burst can count what happened to every request.
 */
export function send(
  url: string,
  options: { method?: string; body?: string; contentType?: string; token?: string; agent?: Agent } = {},
): Promise<Exchange> {
  const startedAt = performance.now();
  return new Promise((resolve) => {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
      headers['content-length'] = String(Buffer.byteLength(options.body));
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const req = request(
      url,
      { method: options.method ?? 'GET', headers, agent: options.agent ?? false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON (metrics): keep the text
          }
          resolve({ status: res.statusCode, body, startedAt, endedAt: performance.now() });
        });
        res.on('error', (err: NodeJS.ErrnoException) =>
          resolve({ error: err.code ?? err.message, startedAt, endedAt: performance.now() }),
        );
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) =>
      resolve({ error: err.code ?? err.message, startedAt, endedAt: performance.now() }),
    );
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/**
 * Keeps `concurrency` requests in flight until `stop()` says so, `maxRequests` were sent or
 * `maxMs` passed (bounded in count and time); resolves with every exchange in send order.
 */
export async function burst(
  next: () => Promise<Exchange>,
  {
    concurrency,
    maxRequests,
    maxMs,
    stop,
  }: { concurrency: number; maxRequests: number; maxMs: number; stop: () => boolean },
): Promise<Exchange[]> {
  const out: Exchange[] = [];
  const deadline = performance.now() + maxMs;
  let sent = 0;
  const worker = async () => {
    while (sent < maxRequests && performance.now() < deadline && !stop()) {
      sent++;
      const at = out.length;
      out.push({ startedAt: 0, endedAt: 0 });
      out[at] = await next();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}
