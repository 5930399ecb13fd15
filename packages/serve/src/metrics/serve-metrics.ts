import { Counter, Gauge, Histogram, MetricsRegistry } from './prometheus';

/** Seconds: from sub-millisecond single rows to a saturated server's tail. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Rows per runtime call: powers of two up to the largest sensible --max-batch-rows. */
const BATCH_ROW_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384];
const BATCH_REQUEST_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];

/**
 * Label value for score requests naming a model the server does not have: a fixed word, so a
 * client cannot grow the series count by inventing names.
 */
export const UNKNOWN_MODEL_LABEL = '_unknown';

/** The scoring service's metrics (names prefixed `a3_serve_`), shared by the plugin and the server. */
export class ServeMetrics {
  readonly registry = new MetricsRegistry();
  readonly received = this.registry.register(
    new Counter('a3_serve_requests_received_total', 'Score requests received (answered or not yet).', []),
  );
  readonly requests = this.registry.register(
    new Counter('a3_serve_requests_total', 'Score requests answered, by model and HTTP status.', [
      'model',
      'status',
    ]),
  );
  readonly rows = this.registry.register(
    new Counter('a3_serve_rows_total', 'Rows in answered score requests, by model and HTTP status.', [
      'model',
      'status',
    ]),
  );
  readonly latency = this.registry.register(
    new Histogram(
      'a3_serve_request_duration_seconds',
      'Score request latency from receipt to response, by model.',
      ['model'],
      LATENCY_BUCKETS,
    ),
  );
  readonly batchRows = this.registry.register(
    new Histogram(
      'a3_serve_batch_rows',
      'Rows per runtime call (micro-batches merge concurrent requests).',
      ['model'],
      BATCH_ROW_BUCKETS,
    ),
  );
  readonly batchRequests = this.registry.register(
    new Histogram(
      'a3_serve_batch_requests',
      'Requests merged into one runtime call.',
      ['model'],
      BATCH_REQUEST_BUCKETS,
    ),
  );
  readonly inFlight = this.registry.register(
    new Gauge('a3_serve_in_flight_requests', 'Score requests received and not yet answered.', []),
  );
  readonly modelsLoaded = this.registry.register(
    new Gauge('a3_serve_models_loaded', 'Models being served.', []),
  );
  readonly reloads = this.registry.register(
    new Counter('a3_serve_reloads_total', 'Model reloads, by result (ok, failed).', ['result']),
  );
  readonly residentMemory = this.registry.register(
    new Gauge('process_resident_memory_bytes', 'Resident memory size of the server process in bytes.', []),
  );

  constructor() {
    this.inFlight.set(0);
    this.registry.onCollect(() => this.residentMemory.set(process.memoryUsage.rss()));
  }

  render(): string {
    return this.registry.render();
  }
}
