import { describe, expect, it } from 'vitest';
import { requestBodies } from './request-rows';
import { parseServeBenchArgs } from './serve-args';
import { renderServeMarkdown, rssDriftPct } from './serve-report';
import type { ServeBenchReport } from './run-serve-bench';

describe('a3-bench --serve arguments', () => {
  it('defaults to concurrency 1, 16, 64 with 32-row requests and a short soak', () => {
    const a = parseServeBenchArgs(['--serve']);
    expect(a).toMatchObject({
      concurrency: [1, 16, 64],
      rowsPerRequest: 32,
      durationSec: 10,
      soakSec: 20,
      skipPython: false,
    });
    expect(parseServeBenchArgs(['--serve', '--soak', '300', '--concurrency', '8,32']).soakSec).toBe(300);
  });

  it('names the flag of every mistake', () => {
    expect(() => parseServeBenchArgs(['--serve', '--rows', '0'])).toThrow(
      /--rows must be a whole number ≥ 1/,
    );
    expect(() => parseServeBenchArgs(['--serve', '--concurrency', '4,x'])).toThrow(/--concurrency/);
    expect(() => parseServeBenchArgs(['--serve', '--max-batch-delay-ms', '-1'])).toThrow(
      /--max-batch-delay-ms/,
    );
    expect(() => parseServeBenchArgs(['--serve', '--bogus'])).toThrow(/bogus/);
  });
});

describe('request bodies', () => {
  it('are seeded rows of the model’s columns, categories drawn from those it knows', () => {
    const model = {
      name: 'm',
      inputs: [
        { name: 'site', kind: 'categorical' as const },
        { name: 'temp', kind: 'numeric' as const },
      ],
      featureNames: ['site=north', 'site=south', 'temp'],
    };
    const a = requestBodies(model, 32, 3, 7);
    expect(requestBodies(model, 32, 3, 7)).toEqual(a);
    expect(requestBodies(model, 32, 3, 8)).not.toEqual(a);
    const rows = a.flatMap((b) => (JSON.parse(b) as { rows: { site: string; temp: number }[] }).rows);
    expect(rows).toHaveLength(96);
    expect(new Set(rows.map((r) => r.site))).toEqual(new Set(['north', 'south']));
    expect(rows.every((r) => Object.keys(r).join() === 'site,temp' && r.temp >= 0 && r.temp < 100)).toBe(
      true,
    );
  });
});

describe('serve report', () => {
  it('lists each level and compares the servers at the highest concurrency', () => {
    const level = (concurrency: number, rowsPerSec: number) => ({
      concurrency,
      durationSec: 10,
      requests: 100,
      rowsPerSec,
      p50Ms: 2,
      p99Ms: 9,
      errors: 0,
      errorSamples: [],
      rssStartMiB: 200,
      rssEndMiB: 210,
      rssMaxMiB: 212,
    });
    const report = {
      machine: { cpu: 'cpu', cores: 2, node: 'v20', loadBefore: 0.1, loadAfter: 1.9, durationSec: 60 },
      settings: { rowsPerRequest: 32, durationSec: 10, soakSec: 20 },
      model: { inputs: 41, features: 122, trainedHere: true },
      servers: [
        { name: 'a3 serve', command: 'node a3 serve', levels: [level(1, 3000), level(64, 24000)] },
        { name: 'FastAPI + onnxruntime', command: 'python x', levels: [level(1, 2000), level(64, 8000)] },
      ],
    } as unknown as ServeBenchReport;
    const md = renderServeMarkdown(report);
    expect(md).toMatch(
      /\| a3 serve \| 64 \| 10 \| 100 \| 24000 \| 2\.0 \| 9\.0 \| 0 \| 200 → 210 \(212\) \| 5\.0 % \|/,
    );
    expect(md).toMatch(
      /At concurrency 64: a3 serve 24000 rows\/s vs FastAPI \+ onnxruntime 8000 rows\/s \(3\.00×\)/,
    );
    expect(rssDriftPct({ rssStartMiB: 200, rssEndMiB: 180 })).toBe(-10);
  });
});
