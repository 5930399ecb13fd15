import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '@a3/core';
import { arffFormat, csvFormat } from '../src/formats/csv';
import type { FuzzFormat, FuzzInput } from '../src/formats/format';
import { idxFormat } from '../src/formats/idx';
import { modelFormat, preprocessorFormat } from '../src/formats/model';
import { npyFormat, npzFormat } from '../src/formats/npy';
import { type CaseResult, runCase, seedOf } from '../src/runner/run-cases';

/**
 * Mutation fuzzing of every reader and loader: each mutated input must be accepted or rejected
 * with an A3Error (a code, a bounded message) — never another error, never a hang — with the
 * whole run's peak RSS under 1 GiB. The seeds are a fixed list, so a failure is reproducible:
 * A3_FUZZ_CASE=npz:300042 runs that one case; A3_FUZZ_SCALE=10 runs ten times as many;
 * A3_FUZZ_VERBOSE=1 prints every case's outcome and message.
 */

const SCALE = Number(process.env.A3_FUZZ_SCALE ?? 1) || 1;
const n = (cases: number): number => Math.max(1, Math.round(cases * SCALE));
const FORMATS: readonly FuzzFormat[] = [
  csvFormat(n(350)),
  arffFormat(n(100)),
  npyFormat(n(150)),
  npzFormat(n(200)),
  idxFormat(n(125), false),
  idxFormat(n(125), true),
  preprocessorFormat(n(100)),
  modelFormat(n(200)),
];

const MAX_RSS = 1024 ** 3;
const CASE_TIMEOUT_MS = 20_000;
const HANG_MS = 45_000;

const scratch = mkdtempSync(join(tmpdir(), 'a3-fuzz-'));
const heartbeatFile = join(scratch, 'heartbeat');
const heartbeat = (what: string): void => writeFileSync(heartbeatFile, what);
const inputs = new Map<string, FuzzInput[]>();
let watchdog: ChildProcess | undefined;

beforeAll(async () => {
  watchdog = spawn(
    process.execPath,
    [
      fileURLToPath(new URL('../src/runner/watchdog.mjs', import.meta.url)),
      heartbeatFile,
      String(process.pid),
      String(HANG_MS),
      String(MAX_RSS),
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  for (const format of FORMATS) {
    heartbeat(`preparing ${format.name}`);
    inputs.set(format.name, await format.prepare(scratch));
  }
});

afterAll(() => {
  watchdog?.kill();
  rmSync(scratch, { recursive: true, force: true });
});

function only(): { format: string; seed: number } | null {
  const m = /^([\w-]+):(\d+)$/.exec(process.env.A3_FUZZ_CASE ?? '');
  return m ? { format: m[1], seed: Number(m[2]) } : null;
}

describe('fuzzing the readers and loaders', () => {
  it('accepts every unmutated input (the mutations start from valid files)', async () => {
    for (const format of FORMATS) {
      for (const input of inputs.get(format.name) ?? []) {
        const dir = mkdtempSync(join(scratch, `valid-${format.name}-`));
        for (const [name, bytes] of Object.entries(input.files)) writeFileSync(join(dir, name), bytes);
        // Every reader variant: the rng picks one, so try a few seeds.
        for (let s = 0; s < 8; s++)
          await expect(format.read(dir, new Rng(s)), `${format.name} seed input`).resolves.toBeDefined();
      }
    }
  });

  it('answers ≥ 1,000 mutated inputs with a result or an A3Error, no hang, peak RSS ≤ 1 GiB', async () => {
    const started = performance.now();
    const selected = only();
    const results: CaseResult[] = [];
    const onCase = (format: string, seed: number, steps: readonly string[]): void =>
      heartbeat(`case ${format}:${seed} (${steps.join(', ')})`);
    for (const [k, format] of FORMATS.entries()) {
      if (selected && selected.format !== format.name) continue;
      const seeds = selected ? [selected.seed] : Array.from({ length: format.cases }, (_, i) => seedOf(k, i));
      for (const seed of seeds) {
        results.push(
          await runCase(format, inputs.get(format.name) ?? [], seed, {
            scratch,
            onCase,
            timeoutMs: CASE_TIMEOUT_MS,
          }),
        );
      }
    }
    heartbeat('done');
    const seconds = (performance.now() - started) / 1000;
    const peakRss = process.resourceUsage().maxRSS * 1024;
    console.log(summary(results, seconds, peakRss));
    if (process.env.A3_FUZZ_VERBOSE) {
      for (const r of results)
        console.log(`${r.format}:${r.seed} ${r.outcome} [${r.steps.join(', ')}] ${r.detail ?? ''}`);
    }
    const failures = results.filter((r) => r.outcome === 'failure');
    expect(failures.map((f) => `${f.format}:${f.seed} [${f.steps.join(', ')}] ${f.detail}`)).toEqual([]);
    if (!selected) expect(results.length).toBeGreaterThanOrEqual(1000);
    expect(peakRss).toBeLessThanOrEqual(MAX_RSS);
  });
});

function summary(results: readonly CaseResult[], seconds: number, peakRss: number): string {
  const lines = [
    `a3 fuzz: ${results.length} cases in ${seconds.toFixed(1)} s, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
  ];
  for (const format of new Set(results.map((r) => r.format))) {
    const mine = results.filter((r) => r.format === format);
    const codes = new Map<string, number>();
    for (const r of mine)
      if (r.outcome === 'rejected') codes.set(r.code ?? '?', (codes.get(r.code ?? '?') ?? 0) + 1);
    const slowest = mine.reduce((a, b) => (b.ms > a.ms ? b : a));
    lines.push(
      `  ${format.padEnd(12)} ${String(mine.length).padStart(5)} cases: ` +
        `${mine.filter((r) => r.outcome === 'accepted').length} accepted, ` +
        `${[...codes].map(([c, k]) => `${k} ${c}`).join(', ') || '0 rejected'}, ` +
        `${mine.filter((r) => r.outcome === 'failure').length} failures; slowest ${format}:${slowest.seed} ${slowest.ms.toFixed(0)} ms`,
    );
  }
  return lines.join('\n');
}
