import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DataError } from '@a3/core';
import type { ModelSet } from '../model/model-set';
import type { ModelInfo } from '../model/served-model';
import { csvToTable } from '../rows/csv-rows';
import { jsonRowsToTable } from '../rows/json-rows';
import { PROMETHEUS_CONTENT_TYPE } from '../metrics/prometheus';
import { ServeMetrics, UNKNOWN_MODEL_LABEL } from '../metrics/serve-metrics';
import { BearerAuth } from './auth';
import { quoteInput, RequestError } from './request-error';
import { errorHandler } from './error-handler';

export interface RequestLimits {
  /** Largest request body in bytes (JSON or CSV); larger ones get 413. Default 8 MiB. */
  maxBodyBytes?: number;
  /** Most rows in one score request; more get 413. Default 10 000. */
  maxRowsPerRequest?: number;
}

export const DEFAULT_LIMITS: Required<RequestLimits> = {
  maxBodyBytes: 8 * 1024 * 1024,
  maxRowsPerRequest: 10_000,
};

export interface ScoringPluginOptions {
  models: ModelSet;
  /** Where the routes count; pass your own to read them (default: a fresh set). */
  metrics?: ServeMetrics;
  /** Bearer token every route but /healthz requires; null or absent: no auth. */
  token?: string | null;
  limits?: RequestLimits;
  /** /readyz answers 200 while this holds (default: always). */
  isReady?: () => boolean;
  /** Where failed requests (5xx: the runtime failed) are reported; default fastify's logger. */
  log?: (line: string) => void;
}

/** Per-route flags in fastify's route `config`. */
interface RouteFlags {
  /** Open without a token (/healthz). */
  public?: boolean;
  /** A score route: counted in the request metrics. */
  score?: boolean;
}

interface ScoreResponse {
  model: string;
  threshold: number | null;
  scores: number[];
  anomaly: boolean[] | null;
}

/** The JSON body a score request may carry; values are checked per model by the row readers. */
const JSON_BODY = {
  type: 'object',
  required: ['rows'],
  additionalProperties: false,
  properties: { rows: { type: 'array', items: { anyOf: [{ type: 'object' }, { type: 'array' }] } } },
} as const;

const SCORE_RESPONSE = {
  type: 'object',
  properties: {
    model: { type: 'string' },
    threshold: { type: ['number', 'null'] },
    scores: { type: 'array', items: { type: 'number' } },
    anomaly: { type: ['array', 'null'], items: { type: 'boolean' } },
  },
} as const;

/** Media types a score request may have; anything else is 415. */
const SCORE_MEDIA_TYPES = ['application/json', 'text/csv'];

/**
 * The scoring service as a fastify plugin: `POST /v1/models/{name}/score`, `GET /v1/models`,
 * `GET /v1/models/{name}`, `/healthz`, `/readyz`, `/metrics`. Mount it in your own server
 * (`app.register(scoringPlugin, { models })`, with a `prefix` if you like); `createServer`
 * wraps it with listening, signals and graceful shutdown. Encapsulated: its content-type
 * parsers, error handler and auth apply to its routes only.
 */
export const scoringPlugin: FastifyPluginAsync<ScoringPluginOptions> = async (app, options) => {
  const { models } = options;
  const metrics = options.metrics ?? new ServeMetrics();
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const isReady = options.isReady ?? (() => true);
  const auth = options.token ? new BearerAuth(options.token) : null;
  metrics.modelsLoaded.set(models.size);

  // text/plain is fastify's default too; a score body is JSON or CSV only.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: limits.maxBodyBytes },
    (_req, body, done) => done(null, body),
  );
  app.setErrorHandler(errorHandler(options.log));

  // Before auth, so every score request answered (401s included) was counted as received.
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if ((request.routeOptions.config as RouteFlags).score) metrics.received.inc();
  });
  if (auth) {
    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if ((request.routeOptions.config as RouteFlags).public) return;
      if (auth.check(request.headers.authorization)) return;
      reply.header('www-authenticate', 'Bearer realm="a3 serve"');
      throw new RequestError(
        'unauthorized',
        request.headers.authorization === undefined
          ? 'this server needs a bearer token: send "Authorization: Bearer <token>".'
          : 'the bearer token is not valid.',
        'authorization',
      );
    });
  }

  app.get('/healthz', { config: { public: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const ready = isReady() && models.size > 0;
    reply.code(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not ready', models: models.list().map((m) => m.name) };
  });

  app.get('/metrics', async (_request, reply) => {
    metrics.modelsLoaded.set(models.size);
    reply.type(PROMETHEUS_CONTENT_TYPE);
    return metrics.render();
  });

  app.get('/v1/models', async (): Promise<{ models: ModelInfo[] }> => ({
    models: models.list().map((m) => m.info),
  }));

  app.get<{ Params: { name: string } }>(
    '/v1/models/:name',
    async (request) => modelOf(models, request.params.name).info,
  );

  registerScoreRoute(app, models, metrics, limits);
};

function modelOf(models: ModelSet, name: string) {
  const model = models.get(name);
  if (!model) {
    const names = models.list().map((m) => m.name);
    throw new RequestError(
      'unknown_model',
      `no model named ${quoteInput(name)}; this server serves ${names.map((n) => `"${n}"`).join(', ')}.`,
      'name',
    );
  }
  return model;
}

/** Rows per score request that got as far as reading them, for the metrics written when it is answered. */
const rowCounts = new WeakMap<FastifyRequest, number>();

function registerScoreRoute(
  app: FastifyInstance,
  models: ModelSet,
  metrics: ServeMetrics,
  limits: Required<RequestLimits>,
): void {
  app.post<{ Params: { name: string }; Body: { rows: unknown[] } | string }>(
    '/v1/models/:name/score',
    {
      bodyLimit: limits.maxBodyBytes,
      config: { score: true },
      schema: {
        body: {
          content: {
            'application/json': { schema: JSON_BODY },
            'text/csv': { schema: { type: 'string' } },
          },
        },
        response: { 200: SCORE_RESPONSE },
      },
      onResponse: async (request, reply) => {
        // Only names the server has become label values: clients cannot grow the series count.
        const model = models.get(request.params.name) ? request.params.name : UNKNOWN_MODEL_LABEL;
        const labels = { model, status: String(reply.statusCode) };
        metrics.requests.inc(labels);
        metrics.rows.inc(labels, rowCounts.get(request) ?? 0);
        metrics.latency.observe(reply.elapsedTime / 1000, { model });
      },
    },
    async (request): Promise<ScoreResponse> => {
      metrics.inFlight.inc();
      try {
        return await score(request, models, limits);
      } finally {
        metrics.inFlight.dec();
      }
    },
  );
}

/**
 * One score request. Everything up to queueing the rows runs synchronously (no await before
 * `model.score`), so a reload swapping the models cannot fall between the lookup and the queue.
 */
async function score(
  request: FastifyRequest<{ Params: { name: string }; Body: { rows: unknown[] } | string }>,
  models: ModelSet,
  limits: Required<RequestLimits>,
): Promise<ScoreResponse> {
  if (!SCORE_MEDIA_TYPES.includes(request.mediaType ?? '')) {
    throw new RequestError(
      'unsupported_media_type',
      `content type ${quoteInput(request.headers['content-type'] ?? 'none')} is not accepted; send application/json or text/csv.`,
      'content-type',
    );
  }
  const model = modelOf(models, request.params.name);
  const body = request.body;
  const rows = typeof body === 'string' ? null : body.rows;
  if (rows && rows.length > limits.maxRowsPerRequest) {
    throw new RequestError(
      'too_many_rows',
      `the request has ${rows.length} rows; the limit is ${limits.maxRowsPerRequest} per request: split it into several.`,
      'rows',
    );
  }
  const table = rows
    ? jsonRowsToTable(rows, model.schema)
    : csvToTable(body as string, model.schema, limits.maxRowsPerRequest);
  const count = table.rowCount;
  rowCounts.set(request, count);
  const threshold = model.threshold;
  if (count === 0)
    return { model: model.name, threshold, scores: [], anomaly: threshold === null ? null : [] };
  let x: Float32Array;
  try {
    x = model.encode(table);
  } catch (err) {
    if (err instanceof DataError) throw new RequestError('invalid_body', err.message, 'rows');
    throw err;
  }
  const scores = await model.score(x, count);
  return {
    model: model.name,
    threshold,
    scores: Array.from(scores),
    anomaly: threshold === null ? null : Array.from(scores, (s) => s >= threshold),
  };
}
