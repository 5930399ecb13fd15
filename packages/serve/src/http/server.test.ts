import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TensorData } from '@a3/core';
import { Table, TabularPreprocessor } from '@a3/data';
import {
  applyThreshold,
  checkSamples,
  readDetectorDir,
  registerDetector,
  unregisterDetector,
  writeDetectorDir,
  type Detector,
  type JsonValue,
  type SampleInput,
} from '@a3/model';
import { createServer, type ScoringServer } from './server';

// The service with a detector other than A³, registered here: a pure-JavaScript one (no
// backend), whose score — the mean of a row's encoded features plus a stored offset — is easy
// to compute independently. It shows that any registered detector kind is servable, and covers
// the library's reload and shutdown without a runtime to load.

const KIND = 'serve-test-mean';

class MeanDetector implements Detector {
  readonly kind = KIND;
  readonly fitted = true;
  constructor(
    public threshold: number | null,
    private readonly width: number,
    private readonly offset: number,
    readonly preprocessing: JsonValue,
  ) {}
  async fit(): Promise<this> {
    return this;
  }
  async score(x: SampleInput): Promise<Float32Array> {
    const t = checkSamples(x, 'x', [this.width]);
    const n = t.shape[0];
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < this.width; j++) s += t.data[i * this.width + j];
      // A runtime failure on demand: a temperature far outside training (scaled > 30).
      if (s > 30) throw new Error('the runtime exploded');
      out[i] = s / this.width + this.offset;
    }
    return out;
  }
  async predict(x: SampleInput): Promise<Uint8Array> {
    return applyThreshold(await this.score(x), this.threshold, KIND);
  }
  async save(dir: string): Promise<void> {
    await writeDetectorDir(dir, {
      detector: KIND,
      inputShape: [this.width],
      config: { offset: this.offset },
      threshold: this.threshold,
      preprocessing: this.preprocessing,
      tensors: { offset: new TensorData([1], 'float32', Float32Array.of(this.offset)) },
    });
  }
  dispose(): void {}
}

const train = new Table([
  { kind: 'categorical', name: 'site', values: ['north', 'south', 'north'] },
  { kind: 'numeric', name: 'temp', values: Float64Array.from([10, 20, 30]) },
]);
const pre = TabularPreprocessor.fit(train);
const tmp = mkdtempSync(join(tmpdir(), 'a3-serve-lib-'));
const dir = join(tmp, 'mean');
let server: ScoringServer;
let url: string;
const logged: string[] = [];

/** Features by hand: site one-hot (north, south), temp min-max over [10, 30]; score = mean + offset. */
const expected = (site: string, temp: number, offset: number) =>
  ((site === 'north' ? 1 : 0) + (site === 'south' ? 1 : 0) + (temp - 10) / 20) / 3 + offset;

async function save(offset: number, threshold: number | null, to = dir): Promise<void> {
  await new MeanDetector(threshold, 3, offset, pre.toJSON() as unknown as JsonValue).save(to);
}

async function score(
  rows: unknown[],
): Promise<{ scores: number[]; anomaly: boolean[] | null; threshold: number | null }> {
  const res = await fetch(`${url}/v1/models/mean/score`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rows }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { scores: number[]; anomaly: boolean[] | null; threshold: number | null };
}

beforeAll(async () => {
  registerDetector(KIND, {
    description: 'test: mean of the features',
    usesBackend: false,
    create: () => new MeanDetector(null, 3, 0, null),
    load: async (d) => {
      const { manifest, tensors } = await readDetectorDir(d, KIND);
      return new MeanDetector(
        manifest.threshold,
        manifest.inputShape[0],
        tensors.offset.data[0],
        manifest.preprocessing,
      );
    },
  });
  await save(0, 0.5);
  server = await createServer({
    models: [dir],
    port: 0,
    batching: { maxBatchDelayMs: 5 },
    log: (line) => logged.push(line),
  });
  url = await server.listen();
});

afterAll(async () => {
  await server?.close();
  unregisterDetector(KIND);
  rmSync(tmp, { recursive: true, force: true });
});

describe('createServer with a registered non-A³ detector', () => {
  it('serves it with its metadata (no backend) and scores rows as the detector does', async () => {
    const list = (await (await fetch(`${url}/v1/models`)).json()) as { models: Record<string, unknown>[] };
    expect(list.models[0]).toMatchObject({ name: 'mean', detector: KIND, backend: null, threshold: 0.5 });
    const rows = [['north', 10], { site: 'south', temp: 30 }, ['west', 20]];
    const got = await score(rows);
    const want = [expected('north', 10, 0), expected('south', 30, 0), expected('west', 20, 0)];
    got.scores.forEach((s, i) => expect(Math.abs(s - want[i])).toBeLessThanOrEqual(1e-6));
    expect(got.anomaly).toEqual(want.map((s) => s >= 0.5));
  });

  it('merges concurrent requests into shared runtime calls', async () => {
    const before = server.metrics.batchRequests.count({ model: 'mean' });
    const n = 20;
    await Promise.all(Array.from({ length: n }, (_, k) => score([['north', 10 + k]])));
    const calls = server.metrics.batchRequests.count({ model: 'mean' }) - before;
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThan(n);
  });

  it('answers 500 when the runtime fails, logs it, and keeps serving', async () => {
    const res = await fetch(`${url}/v1/models/mean/score`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rows: [['north', 1000]] }),
    });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'internal',
      message: 'scoring failed: the runtime exploded',
    });
    expect(logged.join('\n')).toMatch(/POST \/v1\/models\/mean\/score failed: Error: the runtime exploded/);
    expect((await score([['north', 10]])).scores).toHaveLength(1);
  });

  it('reload() swaps in the model on disk; a failing reload keeps the current one', async () => {
    const createdAt = async () =>
      ((await (await fetch(`${url}/v1/models`)).json()) as { models: { createdAt: string }[] }).models[0]
        .createdAt;
    const first = await createdAt();
    await new Promise((r) => setTimeout(r, 5)); // a later createdAt
    const next = join(tmp, 'next');
    await save(0.25, null, next);
    rmSync(dir, { recursive: true });
    renameSync(next, dir);
    const during = Promise.all(Array.from({ length: 10 }, () => score([['north', 10]])));
    expect(await server.reload()).toEqual({ ok: true, models: ['mean'] });
    await during; // every request during the reload got 200 (checked in score())
    const manifest = JSON.parse(readFileSync(join(dir, 'a3.json'), 'utf8')) as { createdAt: string };
    expect(await createdAt()).toBe(manifest.createdAt);
    expect(manifest.createdAt).not.toBe(first);
    const got = await score([['south', 30]]);
    expect(Math.abs(got.scores[0] - expected('south', 30, 0.25))).toBeLessThanOrEqual(1e-6);
    // No threshold in this model: no decision.
    expect(got.threshold).toBeNull();
    expect(got.anomaly).toBeNull();

    rmSync(join(dir, 'a3.json'));
    const failed = await server.reload();
    expect(failed.ok).toBe(false);
    expect(!failed.ok && failed.error.message).toMatch(/cannot load model "mean"/);
    expect(await createdAt()).toBe(manifest.createdAt);
    expect(server.metrics.reloads.get({ result: 'failed' })).toBe(1);
  });
});
