// Public API of @a3/serve: the scoring service as a fastify plugin, createServer around it,
// and the pieces it is made of (model set with reload, micro-batcher, Prometheus metrics).
export { createServer, DEFAULT_HOST, DEFAULT_PORT } from './http/server';
export type { ScoringServer, ServerOptions } from './http/server';
export { scoringPlugin, DEFAULT_LIMITS } from './http/scoring-plugin';
export type { RequestLimits, ScoringPluginOptions } from './http/scoring-plugin';
export { BearerAuth, readToken, TOKEN_ENV, MIN_TOKEN_LENGTH } from './http/auth';
export { RequestError, quoteInput } from './http/request-error';
export type { ErrorBody, RequestErrorReason } from './http/request-error';
export { serveUntilSignal } from './lifecycle/signals';
export { ModelSet } from './model/model-set';
export type { ReloadResult } from './model/model-set';
export { ServedModel, ModelLoadError } from './model/served-model';
export type { LoadModelOptions, ModelInfo } from './model/served-model';
export { parseModelSources } from './model/model-source';
export type { ModelSource } from './model/model-source';
export { MicroBatcher, DEFAULT_BATCHING, checkBatching } from './batching/micro-batcher';
export type { BatchingOptions, BatchRunner } from './batching/micro-batcher';
export { ServeMetrics, UNKNOWN_MODEL_LABEL } from './metrics/serve-metrics';
export {
  Counter,
  Gauge,
  Histogram,
  MetricsRegistry,
  PROMETHEUS_CONTENT_TYPE,
  formatValue,
} from './metrics/prometheus';
export type { Labels } from './metrics/prometheus';
export { rowSchemaFor } from './rows/row-schema';
export type { RowSchema } from './rows/row-schema';
export { jsonRowsToTable } from './rows/json-rows';
export { csvToTable } from './rows/csv-rows';
