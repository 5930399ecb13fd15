// Detector kinds other than A³ (baselines) register on import, so their model directories load.
import '@a3/baselines';
import { resolve } from 'node:path';
import { InvalidArgumentError } from '@a3/core';
import { Args } from '@a3/args';
import { loadRecordedPlugins, scoringWorkerPreload } from '../plugins/load-plugins';
import { PLUGIN_OPTION } from '../plugins/plugin-config';

import type { Command } from './command';

const USAGE =
  'a3 serve MODEL_DIR|NAME=MODEL_DIR… [--host H] [--port P] [--token-file FILE] [--threads N] [--quantize int8]';

/** --quantize int8: the onnx backend's quantized scoring sessions, for every model served. */
function quantizeOptions(
  quantize: 'none' | 'int8',
  backend: string | undefined,
): { compileOptions?: { quantize: 'int8' } } {
  if (quantize === 'none') return {};
  if (backend !== undefined && backend !== 'onnx') {
    throw new InvalidArgumentError(
      `--quantize ${quantize} runs on the onnx backend; drop --backend ${backend} or --quantize.`,
    );
  }
  return { compileOptions: { quantize } };
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve models over HTTP: micro-batched scoring, metrics, auth, graceful reload and stop',
  usage: USAGE,
  example: 'a3 serve ./a3-models/nsl-kdd flows=./a3-models/flows --port 8080',
  options: {
    host: {
      type: 'string',
      description: 'Interface to listen on (0.0.0.0 accepts remote clients: use a token then)',
      default: '127.0.0.1',
    },
    port: {
      type: 'string',
      description: 'TCP port; 0 picks a free one (the URL is printed)',
      default: '8080',
    },
    'token-file': {
      type: 'string',
      description: 'File holding a bearer token every route but /healthz requires (else env A3_SERVE_TOKEN)',
    },
    'max-batch-rows': {
      type: 'string',
      description: 'Rows merged into one runtime call at most (concurrent requests share calls)',
      default: '1024',
    },
    'max-batch-delay-ms': {
      type: 'string',
      description: 'How long a request waits for others to share its call when the model is idle',
      default: '1',
    },
    'max-rows': { type: 'string', description: 'Rows per request at most (more: 413)', default: '10000' },
    'max-body-bytes': {
      type: 'string',
      description: 'Request body size limit in bytes (more: 413)',
      default: String(8 * 1024 * 1024),
    },
    backend: { type: 'string', description: 'Backend to run the models on (default: the fastest installed)' },
    threads: {
      type: 'string',
      description:
        'Worker threads scoring each model, each with a single-threaded copy (default: cores − 1, at least 1); 0: the event loop’s thread',
    },
    quantize: {
      type: 'string',
      description:
        'int8: serve with the MatMuls quantized to int8 (onnx backend; ~2× the rows per core, scores within ~1e-3 of float)',
    },
    plugin: { ...PLUGIN_OPTION, description: `${PLUGIN_OPTION.description} (default: the models')` },
  },
  async run({ io, values, positionals: given }) {
    const args = new Args(values);
    if (given.length === 0) throw new InvalidArgumentError(`missing MODEL_DIR. Usage: ${USAGE}`);
    const delay = args.number('max-batch-delay-ms') ?? 1;
    if (delay < 0) throw new InvalidArgumentError(`--max-batch-delay-ms must be ≥ 0; got ${delay}.`);
    // Loaded here, not at the top: the other commands do not need the HTTP server.
    const serve = await import('@a3/serve');
    const token = serve.readToken(args.string('token-file'));
    const host = args.string('host') ?? serve.DEFAULT_HOST;
    const log = (line: string) => io.err(`a3 serve: ${line}`);
    const models = serve.parseModelSources(given);
    // The plugins each model was trained with (--plugin replaces them), before loading the models.
    if (!args.has('plugin')) for (const m of models) await loadRecordedPlugins(resolve(m.dir), process.cwd());
    const server = await serve.createServer({
      models,
      backend: args.string('backend') ?? (args.string('quantize') === 'int8' ? 'onnx' : undefined),
      batching: { maxBatchRows: args.int('max-batch-rows') ?? 1024, maxBatchDelayMs: delay },
      ...(args.has('threads') ? { threads: args.int('threads', 0) } : {}),
      ...quantizeOptions(
        args.choice('quantize', ['none', 'int8'] as const) ?? 'none',
        args.string('backend'),
      ),
      preload: scoringWorkerPreload(),
      limits: {
        maxRowsPerRequest: args.int('max-rows') ?? 10_000,
        maxBodyBytes: args.int('max-body-bytes') ?? 8 * 1024 * 1024,
      },
      token,
      host,
      port: args.int('port', 0) ?? serve.DEFAULT_PORT,
      log,
    });
    for (const m of server.models.list()) {
      const i = m.info;
      log(
        `model "${i.name}" (${i.detector}${i.backend ? ` on ${i.backend}` : ''}, ` +
          `${i.scoringThreads ? `${i.scoringThreads} scoring thread${i.scoringThreads > 1 ? 's' : ''}` : 'scored on the event loop'}, ${i.inputs.length} columns, ` +
          `threshold ${i.threshold ?? 'none'}) from ${i.dir}`,
      );
    }
    let url: string;
    try {
      url = await server.listen();
    } catch (err) {
      await server.close();
      throw new InvalidArgumentError(
        `cannot listen on ${host}:${args.string('port')}: ${(err as Error).message}`,
      );
    }
    if (!token && !isLoopback(host)) log(`warning: listening on ${host} without a token; pass --token-file.`);
    io.out(`listening on ${url}`);
    await serve.serveUntilSignal(server, log);
    return 0;
  },
};

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
