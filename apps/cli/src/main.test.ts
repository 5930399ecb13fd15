import { describe, expect, it } from 'vitest';
import { bufferOutput, main } from './index';

describe('a3 CLI', () => {
  it('lists backends as JSON objects with name, package, available, capabilities', async () => {
    const io = bufferOutput();
    expect(await main(['backends', '--json'], io)).toBe(0);
    const rows = JSON.parse(io.stdout.join('\n')) as {
      name: string;
      package: string;
      available: boolean;
      reason?: string;
    }[];
    const names = rows.map((r) => r.name);
    for (const n of ['tfjs-cpu', 'tfjs-wasm', 'tfjs-node', 'tfjs-node-gpu', 'onnx'])
      expect(names).toContain(n);
    for (const r of rows) {
      expect(typeof r.package).toBe('string');
      if (!r.available) expect(r.reason).toBeTruthy();
    }
  });

  it('fails with a one-line reason and a non-zero code on bad input', async () => {
    const io = bufferOutput();
    expect(await main(['nope'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/unknown command "nope"/);
    const io2 = bufferOutput();
    expect(await main(['backends', '--bogus'], io2)).toBe(2);
    expect(io2.stderr).toHaveLength(1);
  });

  it('prints help for a command', async () => {
    const io = bufferOutput();
    expect(await main(['backends', '--help'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/Usage: a3 backends/);
  });
});
