import Fastify, { type FastifyInstance } from 'fastify';
import { InvalidArgumentError, type CompileOptions } from '@a3/core';
import type { BatchingOptions } from '../batching/micro-batcher';
import { ServeMetrics } from '../metrics/serve-metrics';
import { ModelSet, type ReloadResult } from '../model/model-set';
import { parseModelSources, type ModelSource } from '../model/model-source';
import { RequestError } from './request-error';
import { DEFAULT_LIMITS, scoringPlugin, type RequestLimits } from './scoring-plugin';

export interface ServerOptions {
  /** Model directories (`DIR` or `NAME=DIR`), sources, or an already loaded set. */
  models: readonly (string | ModelSource)[] | ModelSet;
  /** Backend to load the models on; default the best available. */
  backend?: string;
  batching?: BatchingOptions;
  /** Worker threads scoring each model (see LoadModelOptions.threads); default cores − 1, 0 none. */
  threads?: number;
  /** Put under every compile of the models (see LoadModelOptions.compileOptions). */
  compileOptions?: CompileOptions;
  /** Module URLs the scoring workers import before loading a model: the plugins this process loaded. */
  preload?: readonly string[];
  /** The scoring worker's JS file (see LoadModelOptions.workerScript). */
  workerScript?: string;
  limits?: RequestLimits;
  /** Bearer token for every route but /healthz; null or absent: no auth. */
  token?: string | null;
  /** Interface to listen on. Default 127.0.0.1 (loopback only); '0.0.0.0' to accept remote clients. */
  host?: string;
  /** TCP port; 0 picks a free one (see the URL listen() returns). Default 8080. */
  port?: number;
  /** How long close() waits for requests in flight before closing their connections. Default 30 s. */
  shutdownTimeoutMs?: number;
  /** Where failed requests (5xx) are reported, one line each. Default: fastify's logger. */
  log?: (line: string) => void;
  /** fastify's request logger (pino options or true). Default off. */
  logger?: boolean | Record<string, unknown>;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;
const DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000;

/** A scoring service: the fastify app with the plugin mounted, its models and metrics. */
export interface ScoringServer {
  readonly app: FastifyInstance;
  readonly models: ModelSet;
  readonly metrics: ServeMetrics;
  /** Starts listening; resolves with the bound URL (e.g. http://127.0.0.1:41235). */
  listen(): Promise<string>;
  /** Loads the models again and swaps them in when all loaded (see ModelSet.reload). */
  reload(): Promise<ReloadResult>;
  /**
   * Graceful stop: /readyz turns 503 and the listener closes (no new connections), requests in
   * flight — and new ones on connections already open — are answered, the batchers drain, then
   * the runtimes are released. Idempotent.
   */
  close(): Promise<void>;
  /** Score requests received since start. */
  received(): number;
  /** Score requests answered since start (any status). */
  answered(): number;
}

/**
 * Loads and warms the models (a model that cannot load rejects with its ModelLoadError, so a
 * server never starts half-configured), then builds the fastify app around `scoringPlugin`.
 */
export async function createServer(options: ServerOptions): Promise<ScoringServer> {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError(`port must be a whole number from 0 to 65535; got ${String(port)}.`);
  }
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  for (const [k, v] of Object.entries(limits)) {
    if (!Number.isInteger(v) || v < 1)
      throw new InvalidArgumentError(`${k} must be a whole number ≥ 1; got ${String(v)}.`);
  }
  const metrics = new ServeMetrics();
  const models =
    options.models instanceof ModelSet
      ? options.models
      : await ModelSet.load(
          options.models.map((m) => (typeof m === 'string' ? parseModelSources([m])[0] : m)),
          {
            ...(options.backend ? { backend: options.backend } : {}),
            ...(options.batching ? { batching: options.batching } : {}),
            ...(options.threads !== undefined ? { threads: options.threads } : {}),
            ...(options.compileOptions ? { compileOptions: options.compileOptions } : {}),
            ...(options.preload ? { preload: options.preload } : {}),
            ...(options.workerScript ? { workerScript: options.workerScript } : {}),
            onBatch: (model, rows, requests) => {
              metrics.batchRows.observe(rows, { model });
              metrics.batchRequests.observe(requests, { model });
            },
          },
        );
  let closing: Promise<void> | null = null;
  const app = Fastify({
    logger: options.logger ?? false,
    // Connections accepted before close() keep being answered: a request that reached us is served.
    return503OnClosing: false,
    // A score body is checked as sent: no coercion of scalars into arrays, no silent removal of keys.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    bodyLimit: limits.maxBodyBytes,
  });
  // While closing, every answer ends its connection, so keep-alive clients move on and the
  // server does not wait out their idle timeout before it can exit.
  app.addHook('onSend', async (_request, reply) => {
    if (closing !== null) reply.header('connection', 'close');
  });
  await app.register(scoringPlugin, {
    models,
    metrics,
    limits,
    token: options.token ?? null,
    isReady: () => closing === null,
    ...(options.log ? { log: options.log } : {}),
  });
  app.setNotFoundHandler((request, reply) => {
    const e = new RequestError(
      'not_found',
      `no route ${request.method} ${request.url.slice(0, 100)}; see GET /v1/models.`,
    );
    void reply.code(e.status).send(e.toBody());
  });
  await app.ready();

  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  return {
    app,
    models,
    metrics,
    async listen() {
      await app.listen({ host, port });
      const address = app.server.address();
      if (address === null || typeof address === 'string') return String(address);
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${shown}:${address.port}`;
    },
    async reload() {
      const result = await models.reload();
      metrics.reloads.inc({ result: result.ok ? 'ok' : 'failed' });
      return result;
    },
    close() {
      closing ??= (async () => {
        const timer = setTimeout(() => app.server.closeAllConnections(), shutdownTimeoutMs);
        try {
          await app.close();
        } finally {
          clearTimeout(timer);
        }
        await models.close();
      })();
      return closing;
    },
    received: () => metrics.received.sum(),
    answered: () => metrics.requests.sum(),
  };
}
