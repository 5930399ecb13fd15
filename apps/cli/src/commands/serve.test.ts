import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv, TabularPreprocessor } from '@a3/data';
import { A3Detector } from '@a3/model';
import { createServer, type ScoringServer } from '@a3/serve';
import { send, type Exchange } from '../testing/http-client';
import { tempDir, trainSensorsModel } from '../testing/fixtures';
import { bundleScoreWorker } from '../../../../tools/vitest/score-worker-bundle';

// The scoring service as a library (createServer in this process) on a model trained here:
// parity with A3Detector.score, every refusal, auth and metrics. Signals: serve-signals.test.ts.

const tmp = tempDir('serve');
const TOKEN = 'test-token-0123456789abcdef';
let csvText: string;
let reference: Float32Array;
let threshold: number | null;
let server: ScoringServer;
let secured: ScoringServer;
let pooled: ScoringServer;
let pooledUrl: string;
let worker: Awaited<ReturnType<typeof bundleScoreWorker>>;
let url: string;
let securedUrl: string;
const agent = new Agent({ keepAlive: true, maxSockets: 32 });

beforeAll(async () => {
  const { csv, model } = await trainSensorsModel(tmp.dir, { extra: ['--known', 'spike', '--n-known', '10'] });
  csvText = readFileSync(csv, 'utf8');
  // The reference: the saved preprocessing applied to the CSV, scored by A3Detector itself.
  const detector = await A3Detector.load(model, { backend: 'onnx' });
  const pre = TabularPreprocessor.fromJSON(detector.preprocessing);
  const table = await readCsv(csv, { categorical: pre.categoricalColumns });
  reference = await detector.score(pre.transform(table));
  threshold = detector.threshold;
  detector.dispose();
  const common = {
    models: [`sensors=${model}`],
    backend: 'onnx',
    port: 0,
    batching: { maxBatchRows: 256, maxBatchDelayMs: 2 },
    limits: { maxRowsPerRequest: 100, maxBodyBytes: 64 * 1024 },
  };
  server = await createServer(common);
  url = await server.listen();
  secured = await createServer({ ...common, token: TOKEN });
  securedUrl = await secured.listen();
  // What the built CLI does by default: the model scored on worker threads (ScoringPool). From
  // source the worker is bundled here, with what registers the model's backend and heads.
  worker = await bundleScoreWorker(['@a3/backend-onnx', '@a3/baselines']);
  pooled = await createServer({ ...common, threads: 2, workerScript: worker.script });
  pooledUrl = await pooled.listen();
}, 120_000);

afterAll(async () => {
  agent.destroy();
  await Promise.all([server?.close(), secured?.close(), pooled?.close()]);
  await worker?.remove();
  tmp.cleanup();
});

/** The CSV's data lines as raw fields (the sensors file has no quoting). */
function csvRecords(): string[][] {
  return csvText
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
}

const post = (path: string, body: string, contentType = 'application/json', base = url, token?: string) =>
  send(`${base}${path}`, { method: 'POST', body, contentType, agent, token });

function scoresOf(e: Exchange): number[] {
  expect(e.status, JSON.stringify(e.body)).toBe(200);
  return (e.body as { scores: number[] }).scores;
}

describe('a3 serve (library): scores', () => {
  it('JSON rows (objects as in the training CSV, and arrays) score as A3Detector.score to 1e-6, in request order', async () => {
    const records = csvRecords();
    // 32-row requests sent together, so the micro-batcher merges them into shared runtime calls.
    const requests: Promise<Exchange>[] = [];
    for (let at = 0; at < records.length; at += 32) {
      const chunk = records.slice(at, at + 32);
      const rows =
        (at / 32) % 2 === 0
          ? chunk.map(([id, site, t, p, v, label]) => ({
              id,
              site,
              temp: Number(t),
              pressure: Number(p),
              vibration: Number(v),
              label,
            }))
          : chunk.map(([, site, t, p, v]) => [site, Number(t), Number(p), Number(v)]);
      requests.push(post('/v1/models/sensors/score', JSON.stringify({ rows })));
    }
    const answers = await Promise.all(requests);
    const scores = answers.flatMap(scoresOf);
    expect(scores).toHaveLength(reference.length);
    const worst = Math.max(...scores.map((s, i) => Math.abs(s - reference[i])));
    expect(worst).toBeLessThanOrEqual(1e-6);
    const anomaly = answers.flatMap((a) => (a.body as { anomaly: boolean[] }).anomaly);
    expect(threshold).not.toBeNull();
    expect(anomaly).toEqual(scores.map((s) => s >= (threshold as number)));
    // Merged: fewer runtime calls than requests.
    const batches = server.metrics.batchRequests;
    expect(batches.count({ model: 'sensors' })).toBeLessThan(answers.length);
  });

  it('scored on worker threads: the same scores to 1e-6, and /v1/models says so', async () => {
    const records = csvRecords();
    const answers = await Promise.all(
      Array.from({ length: Math.ceil(records.length / 40) }, (_, k) =>
        post(
          '/v1/models/sensors/score',
          JSON.stringify({
            rows: records
              .slice(k * 40, (k + 1) * 40)
              .map(([, site, t, p, v]) => [site, Number(t), Number(p), Number(v)]),
          }),
          'application/json',
          pooledUrl,
        ),
      ),
    );
    const scores = answers.flatMap(scoresOf);
    expect(scores).toHaveLength(reference.length);
    expect(Math.max(...scores.map((s, i) => Math.abs(s - reference[i])))).toBeLessThanOrEqual(1e-6);
    const listed = await send(`${pooledUrl}/v1/models`, { agent });
    const models = (listed.body as { models: { scoringThreads: number }[] }).models;
    expect(models[0].scoringThreads).toBe(2);
    const inProcess = await send(`${url}/v1/models`, { agent });
    expect((inProcess.body as { models: { scoringThreads: number }[] }).models[0].scoringThreads).toBe(0);
  });

  it('CSV bodies (header row, extra columns the model dropped in training) score the same', async () => {
    const lines = csvText.trimEnd().split('\n');
    const header = lines[0];
    const answers = await Promise.all(
      Array.from({ length: Math.ceil((lines.length - 1) / 50) }, (_, k) =>
        post(
          '/v1/models/sensors/score',
          [header, ...lines.slice(1 + k * 50, 1 + (k + 1) * 50)].join('\n') + '\n',
          'text/csv; charset=utf-8',
        ),
      ),
    );
    const scores = answers.flatMap(scoresOf);
    expect(scores).toHaveLength(reference.length);
    expect(Math.max(...scores.map((s, i) => Math.abs(s - reference[i])))).toBeLessThanOrEqual(1e-6);
  });

  it('lists the models with their metadata', async () => {
    const e = await send(`${url}/v1/models`, { agent });
    const [m] = (e.body as { models: Record<string, unknown>[] }).models;
    expect(m).toMatchObject({
      name: 'sensors',
      detector: 'a3',
      backend: 'onnx',
      threshold,
      inputs: [
        { name: 'site', kind: 'categorical' },
        { name: 'temp', kind: 'numeric' },
        { name: 'pressure', kind: 'numeric' },
        { name: 'vibration', kind: 'numeric' },
      ],
      featureNames: ['site=north', 'site=south', 'temp', 'pressure', 'vibration'],
    });
    expect(Date.parse(m.createdAt as string)).toBeGreaterThan(0);
    expect((await send(`${url}/readyz`, { agent })).status).toBe(200);
    expect((await send(`${url}/healthz`, { agent })).body).toEqual({ status: 'ok' });
  });
});

describe('a3 serve (library): refusals', () => {
  const row = { site: 'north', temp: 20, pressure: 100, vibration: 0.1 };
  const cases: [string, number, string, string | undefined, () => Promise<Exchange>][] = [
    [
      'unknown feature',
      400,
      'unknown_feature',
      'rows[1].tmp',
      () => post('/v1/models/sensors/score', JSON.stringify({ rows: [row, { ...row, tmp: 1 }] })),
    ],
    [
      'missing feature',
      400,
      'missing_feature',
      'rows[0].pressure',
      () =>
        post(
          '/v1/models/sensors/score',
          JSON.stringify({ rows: [{ site: 'north', temp: 1, vibration: 2 }] }),
        ),
    ],
    [
      'non-numeric value',
      400,
      'non_numeric_value',
      'rows[0].vibration',
      () => post('/v1/models/sensors/score', JSON.stringify({ rows: [{ ...row, vibration: 'high' }] })),
    ],
    [
      'wrong width',
      400,
      'wrong_width',
      'rows[0]',
      () => post('/v1/models/sensors/score', JSON.stringify({ rows: [['north', 20, 100]] })),
    ],
    [
      'a row neither object nor array',
      400,
      'invalid_body',
      'rows[1]',
      () => post('/v1/models/sensors/score', JSON.stringify({ rows: [row, 7] })),
    ],
    [
      'no rows key',
      400,
      'invalid_body',
      'rows',
      () => post('/v1/models/sensors/score', JSON.stringify({ data: [row] })),
    ],
    [
      'an unknown body key',
      400,
      'invalid_body',
      'x',
      () => post('/v1/models/sensors/score', JSON.stringify({ rows: [row], x: 1 })),
    ],
    [
      'unknown model',
      404,
      'unknown_model',
      'name',
      () => post('/v1/models/nope/score', JSON.stringify({ rows: [row] })),
    ],
    [
      'bad JSON',
      400,
      'bad_json',
      'body',
      () => post('/v1/models/sensors/score', '{"rows": [{"site": "north",'),
    ],
    [
      'unsupported content type',
      415,
      'unsupported_media_type',
      'content-type',
      () => post('/v1/models/sensors/score', '<rows/>', 'application/xml'),
    ],
    [
      'text/plain',
      415,
      'unsupported_media_type',
      'content-type',
      () => post('/v1/models/sensors/score', 'site\nnorth', 'text/plain'),
    ],
    [
      'body too large',
      413,
      'body_too_large',
      'body',
      () => post('/v1/models/sensors/score', JSON.stringify({ rows: Array(2000).fill(row) })),
    ],
    [
      'too many rows',
      413,
      'too_many_rows',
      'rows',
      () => post('/v1/models/sensors/score', JSON.stringify({ rows: Array(101).fill(['north', 1, 2, 3]) })),
    ],
    [
      'CSV unknown column',
      400,
      'unknown_feature',
      'x',
      () => post('/v1/models/sensors/score', 'site,temp,pressure,vibration,x\nnorth,1,2,3,4\n', 'text/csv'),
    ],
    [
      'CSV non-numeric value',
      400,
      'non_numeric_value',
      'pressure',
      () =>
        post(
          '/v1/models/sensors/score',
          'site,temp,pressure,vibration\nnorth,1,2,3\nsouth,1,?,3\n',
          'text/csv',
        ),
    ],
    ['unknown route', 404, 'not_found', undefined, () => send(`${url}/v2/models`, { agent })],
  ];
  it.each(cases)('%s → %i %s', async (_name, status, code, field, go) => {
    const e = await go();
    expect(e.status).toBe(status);
    const err = (e.body as { error: { code: string; message: string; field?: string } }).error;
    expect(err.code).toBe(code);
    expect(err.field).toBe(field);
    expect(err.message.length).toBeGreaterThan(10);
    expect(err.message.length).toBeLessThan(300);
  });

  it('an empty rows list is answered with empty lists', async () => {
    const e = await post('/v1/models/sensors/score', '{"rows": []}');
    expect(e.body).toEqual({ model: 'sensors', threshold, scores: [], anomaly: [] });
  });
});

describe('a3 serve (library): auth and metrics', () => {
  it('with a token: 401 without it or with a wrong one, 200 with it; /healthz stays open', async () => {
    const body = JSON.stringify({ rows: [['north', 20, 100, 0.1]] });
    const none = await post('/v1/models/sensors/score', body, 'application/json', securedUrl);
    const wrong = await post('/v1/models/sensors/score', body, 'application/json', securedUrl, `${TOKEN}x`);
    const right = await post('/v1/models/sensors/score', body, 'application/json', securedUrl, TOKEN);
    expect([none.status, wrong.status, right.status]).toEqual([401, 401, 200]);
    expect((none.body as { error: { code: string } }).error.code).toBe('unauthorized');
    for (const path of ['/v1/models', '/metrics', '/readyz']) {
      expect((await send(`${securedUrl}${path}`, { agent })).status, path).toBe(401);
      expect((await send(`${securedUrl}${path}`, { agent, token: TOKEN })).status, path).toBe(200);
    }
    expect((await send(`${securedUrl}/healthz`, { agent })).status).toBe(200);
  });

  it('/metrics counts requests and rows by model and status, latency, batch sizes and in-flight requests', async () => {
    const before = server.metrics.requests.get({ model: 'sensors', status: '200' });
    const rowsBefore = server.metrics.rows.get({ model: 'sensors', status: '200' });
    await Promise.all(
      [3, 5].map((n) =>
        post('/v1/models/sensors/score', JSON.stringify({ rows: Array(n).fill(['south', 35, 100, 0.9]) })),
      ),
    );
    await post('/v1/models/sensors/score', '{"rows": [[1]]}');
    const text = (await send(`${url}/metrics`, { agent })).body as string;
    const value = (line: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(line + ' '))
          ?.split(' ')[1],
      );
    expect(value('a3_serve_requests_total{model="sensors",status="200"}')).toBe(before + 2);
    expect(value('a3_serve_rows_total{model="sensors",status="200"}')).toBe(rowsBefore + 8);
    expect(value('a3_serve_requests_total{model="sensors",status="400"}')).toBeGreaterThanOrEqual(1);
    expect(value('a3_serve_requests_total{model="_unknown",status="404"}')).toBeGreaterThanOrEqual(1);
    expect(value('a3_serve_in_flight_requests')).toBe(0);
    const served = server.metrics.requests.sum();
    expect(value('a3_serve_request_duration_seconds_count{model="sensors"}')).toBe(
      served - value('a3_serve_requests_total{model="_unknown",status="404"}'),
    );
    // Every row scored went through a runtime call: the batch histogram's sum is the rows scored.
    expect(value('a3_serve_batch_rows_sum{model="sensors"}')).toBe(
      value('a3_serve_rows_total{model="sensors",status="200"}'),
    );
  });
});
