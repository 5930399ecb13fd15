import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferOutput, main } from '../index';
import { FAST, tempDir, writeNslKdd } from '../testing/fixtures';

/**
 * The independent expectation: the alarm-train-step medians (ms) of the docs page itself, so
 * a3 backends' speeds must be what docs/benchmarks.md says.
 */
function documentedStepMs(): Record<string, number> {
  const docs = readFileSync(
    fileURLToPath(new URL('../../../../docs/benchmarks.md', import.meta.url)),
    'utf8',
  );
  const rows = [...docs.matchAll(/^\| alarm-train-step \| ([\w-]+) \| \**([\d,.]+)\** \|/gm)];
  return Object.fromEntries(rows.map((m) => [m[1], Number(m[2].replace(/,/g, ''))]));
}

interface Row {
  name: string;
  available: boolean;
  speed: { slowdown: number; source: string } | null;
}

const tmp = tempDir('backends');
let nsl: string;
beforeAll(() => {
  nsl = writeNslKdd(join(tmp.dir, 'nsl'));
});
afterAll(() => tmp.cleanup());

describe('a3 backends: how fast each one trains', () => {
  it('gives each measured backend its training time relative to the fastest one here', async () => {
    const ms = documentedStepMs();
    expect(Object.keys(ms).sort()).toEqual(['onnx', 'tfjs-cpu', 'tfjs-node', 'tfjs-wasm']);
    const io = bufferOutput();
    expect(await main(['backends', '--json'], io)).toBe(0);
    const rows = JSON.parse(io.stdout.join('\n')) as Row[];
    const fastest = Math.min(...rows.filter((r) => r.available && ms[r.name]).map((r) => ms[r.name]));
    for (const r of rows) {
      if (ms[r.name] === undefined) {
        expect(r.speed).toBeNull();
        continue;
      }
      expect(r.speed?.slowdown).toBeCloseTo(ms[r.name] / fastest, 6);
      expect(r.speed?.source).toMatch(/alarm training step.*docs\/benchmarks\.md/);
    }
  });

  it('prints the speeds in the table and names their source', async () => {
    const io = bufferOutput();
    expect(await main(['backends'], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toMatch(/^backend +available +speed +package/);
    expect(text).toMatch(/^onnx +yes +1\.0× \(fastest\)/m);
    expect(text).toMatch(/^tfjs-cpu +(yes|no) +\d+× slower/m);
    expect(text).toMatch(
      /^speed: training time relative to the fastest .*alarm training step, docs\/benchmarks\.md/m,
    );
  });

  it('a3 train warns on stderr when a backend ≥ 5× slower than the fastest is chosen', async () => {
    // --n-known 5000 fails after the warning, before any training.
    const argv = [
      'train',
      '--dataset',
      'nsl-kdd',
      '--data-dir',
      nsl,
      '--known',
      'Probe',
      '--n-known',
      '5000',
    ];
    const slow = bufferOutput();
    expect(await main([...argv, '--backend', 'tfjs-cpu', '--out', join(tmp.dir, 'm1')], slow)).toBe(1);
    expect(slow.stderr[0]).toMatch(
      /^warning: tfjs-cpu trains ~\d+× slower than onnx \(alarm training step, docs\/benchmarks\.md\); pass --backend onnx, the fastest here\.$/,
    );
    const fast = bufferOutput();
    expect(await main([...argv, ...FAST, '--out', join(tmp.dir, 'm2')], fast)).toBe(1);
    expect(fast.stderr.join('\n')).not.toMatch(/warning/);
  });
});
