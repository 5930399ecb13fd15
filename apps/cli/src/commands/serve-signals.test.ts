import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TabularPreprocessor, Table } from '@a3/data';
import { A3Detector } from '@a3/model';
import { burst, send, type Exchange } from '../testing/http-client';
import { tempDir, trainSensorsModel } from '../testing/fixtures';
import { buildCliFromSource, spawnCli, type CliProcess } from '../testing/spawn-cli';

// `a3 serve` as its own process, built from this checkout's sources: startup failures, graceful
// stop on SIGTERM and model reload on SIGHUP under concurrent load. Traffic only to 127.0.0.1;
// every loop is bounded in requests and time.

const tmp = tempDir('serve-signals');
const TOKEN = 'signals-test-token-0123456789';
let cli: { entry: string; cleanup: () => void };
let modelA: string;
let modelB: string;
let rows: unknown[];

beforeAll(async () => {
  cli = await buildCliFromSource();
  for (const d of ['a', 'b']) mkdirSync(join(tmp.dir, d));
  const a = await trainSensorsModel(join(tmp.dir, 'a'));
  const b = await trainSensorsModel(join(tmp.dir, 'b'), { extra: ['--seed', '2'] });
  modelA = a.model;
  modelB = b.model;
  // 32 rows as the training CSV has them (the id and label columns are accepted and ignored).
  rows = readFileSync(a.csv, 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1, 33)
    .map((l) => l.split(','))
    .map(([id, site, t, p, v, label]) => ({
      id,
      site,
      temp: Number(t),
      pressure: Number(p),
      vibration: Number(v),
      label,
    }));
}, 120_000);

afterAll(() => {
  cli?.cleanup();
  tmp.cleanup();
});

async function startServe(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ proc: CliProcess; url: string }> {
  const proc = spawnCli(cli.entry, ['serve', ...args, '--port', '0', '--backend', 'onnx'], env);
  const m = await proc.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 60_000);
  return { proc, url: m[1] };
}

const connectionError = (e: Exchange) =>
  e.error !== undefined && /ECONNREFUSED|ECONNRESET|EPIPE|socket hang up/.test(e.error);

describe('a3 serve (process): startup', () => {
  it('does not start when a model fails to load: one line naming it, exit code 1', async () => {
    const broken = join(tmp.dir, 'broken');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'a3.json'), '{"format": "a3-model", "formatVersion": 1}');
    for (const [arg, why] of [
      [`missing=${join(tmp.dir, 'nope')}`, /cannot load model "missing" from .*nope: .*\[A3_IO\]$/],
      [broken, /cannot load model "broken" from .*broken: .*\[A3_FORMAT\]$/],
    ] as const) {
      const proc = spawnCli(cli.entry, ['serve', modelA, arg, '--port', '0', '--backend', 'onnx']);
      expect(await proc.exited).toBe(1);
      expect(proc.stdout.filter(Boolean)).toEqual([]);
      const lines = proc.stderr.filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(why);
    }
  });
});

describe('a3 serve (process): signals', () => {
  it('SIGTERM during a burst: every request the server received is answered 200, then it exits 0', async () => {
    const tokenFile = join(tmp.dir, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`);
    // A 20 ms batch delay keeps requests queued in the server when the signal arrives.
    const { proc, url } = await startServe([modelA, '--token-file', tokenFile, '--max-batch-delay-ms', '20']);
    const body = JSON.stringify({ rows });
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const score = () => send(`${url}/v1/models/model/score`, { method: 'POST', body, agent, token: TOKEN });
    expect((await score()).status).toBe(200);
    let signalAt = Infinity;
    let answered = 0;
    let refused = false;
    const exchanges = await burst(
      async () => {
        const e = await score();
        if (e.status !== undefined && ++answered === 40) {
          signalAt = performance.now();
          proc.child.kill('SIGTERM');
        }
        if (connectionError(e)) refused = true;
        return e;
      },
      // Once connections are refused the server is gone: the workers stop.
      { concurrency: 16, maxRequests: 1500, maxMs: 60_000, stop: () => refused },
    );
    agent.destroy();
    expect(await proc.exited).toBe(0);
    expect(signalAt).toBeLessThan(Infinity);
    const withResponse = exchanges.filter((e) => e.status !== undefined);
    // Every request that got a response got 200 …
    expect(withResponse.filter((e) => e.status !== 200).map((e) => [e.status, e.body])).toEqual([]);
    // … some of them were still in the server when the signal came …
    expect(withResponse.filter((e) => e.endedAt > signalAt).length).toBeGreaterThan(0);
    // … and every request the server received was answered and reached us (warm-up included).
    const stopped = await proc.waitFor(/stopped: (\d+) score request\(s\) received, (\d+) answered/);
    expect(Number(stopped[1])).toBe(Number(stopped[2]));
    expect(Number(stopped[2])).toBe(withResponse.length + 1);
    // The rest never reached it: refused or reset connections after the listener closed.
    const failed = exchanges.filter((e) => e.status === undefined);
    expect(failed.every(connectionError), JSON.stringify(failed.slice(0, 3))).toBe(true);
    expect(failed.every((e) => e.endedAt > signalAt)).toBe(true);
    expect(proc.stderr.join('\n')).toMatch(
      /SIGTERM: stopped accepting connections; finishing \d+ score request\(s\) in flight/,
    );
  });

  it('SIGHUP swaps in the model on disk with zero failed requests; a failed reload keeps the current one', async () => {
    const current = join(tmp.dir, 'current');
    cpSync(modelA, current, { recursive: true });
    const { proc, url } = await startServe([`sensors=${current}`, '--max-batch-delay-ms', '2']);
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const createdAt = async () =>
      ((await send(`${url}/v1/models`, { agent })).body as { models: { createdAt: string }[] }).models[0]
        .createdAt;
    const manifest = (dir: string) =>
      JSON.parse(readFileSync(join(dir, 'a3.json'), 'utf8')) as { createdAt: string };
    const before = await createdAt();
    expect(before).toBe(manifest(modelA).createdAt);
    expect(manifest(modelB).createdAt).not.toBe(before);

    let stop = false;
    const body = JSON.stringify({ rows });
    const load = burst(() => send(`${url}/v1/models/sensors/score`, { method: 'POST', body, agent }), {
      concurrency: 8,
      maxRequests: 5000,
      maxMs: 90_000,
      stop: () => stop,
    });
    const waitUntil = async (what: string, ok: () => Promise<boolean> | boolean, ms = 60_000) => {
      const end = performance.now() + ms;
      while (!(await ok())) {
        if (performance.now() > end)
          throw new Error(`timed out waiting for ${what}; stderr: ${proc.stderr.join('\n')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await new Promise((r) => setTimeout(r, 300));
      // Replace the model directory on disk with another model, then ask for a reload.
      renameSync(current, join(tmp.dir, 'previous'));
      cpSync(modelB, current, { recursive: true });
      proc.child.kill('SIGHUP');
      await waitUntil('the new model', async () => (await createdAt()) === manifest(modelB).createdAt);
      await proc.waitFor(/reloaded sensors\./);

      // A broken model on disk: the reload fails and the current model keeps serving.
      rmSync(current, { recursive: true });
      cpSync(modelB, current, { recursive: true });
      rmSync(join(current, 'weights.safetensors'));
      proc.child.kill('SIGHUP');
      await proc.waitFor(/reload failed; the current models keep serving\. cannot load model "sensors"/);
      expect(await createdAt()).toBe(manifest(modelB).createdAt);
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      stop = true;
    }
    const exchanges = await load;
    expect(exchanges.length).toBeGreaterThan(20);
    expect(exchanges.filter((e) => e.status !== 200).map((e) => e.error ?? e.status)).toEqual([]);

    // The swapped-in model answers as model B does.
    const b = await A3Detector.load(modelB, { backend: 'onnx' });
    const pre = TabularPreprocessor.fromJSON(b.preprocessing);
    const table = new Table([
      { kind: 'categorical', name: 'site', values: ['south'] },
      { kind: 'numeric', name: 'temp', values: Float64Array.from([35]) },
      { kind: 'numeric', name: 'pressure', values: Float64Array.from([100]) },
      { kind: 'numeric', name: 'vibration', values: Float64Array.from([0.9]) },
    ]);
    const [expected] = await b.score(pre.transform(table));
    b.dispose();
    const one = await send(`${url}/v1/models/sensors/score`, {
      method: 'POST',
      body: '{"rows": [["south", 35, 100, 0.9]]}',
      agent,
    });
    expect(Math.abs((one.body as { scores: number[] }).scores[0] - expected)).toBeLessThanOrEqual(1e-6);
    agent.destroy();
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });
});
