import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRayArgs, parseRayResult, rayBenchMain, renderRayMarkdown } from './ray-main';

function buffer() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('a3-bench --ray', () => {
  it('reads the RESULT line run.sh prints last and renders it', () => {
    const output = [
      '== throughput (200000 rows, read → score → write)',
      'RESULT {"rows":1,"a3_rows_per_s":1,"ray_rows_per_s":{"1":1,"2":1},"speedup":1,"node_cpus":1,"seconds":1}',
      'RESULT {"rows":200000,"a3_rows_per_s":10462,"ray_rows_per_s":{"1":6517,"2":6683},"speedup":1.03,"node_cpus":2,"seconds":273}',
      'OK',
    ].join('\n');
    const r = parseRayResult(output);
    expect(r).toEqual({
      rows: 200_000,
      a3RowsPerS: 10_462,
      rayRowsPerS: { 1: 6_517, 2: 6_683 },
      speedup: 1.03,
      nodeCpus: 2,
      seconds: 273,
    });
    expect(renderRayMarkdown(r!)).toContain('| Ray Data, 2 workers | 6,683 (1.03× one worker) |');
    expect(parseRayResult('MISMATCH: 3 ids scored twice\n')).toBeNull();
  });

  it('reads its options with the rules of every a3-bench mode', () => {
    expect(parseRayArgs(['--ray', '--rows=1e6', '--node-cpus', '2', '--json'])).toEqual({
      rows: 1_000_000,
      nodeCpus: 2,
      json: true,
      out: undefined,
      writeDocs: false,
      docsFile: undefined,
      help: false,
    });
    expect(() => parseRayArgs(['--ray', '--rows', '5', '--rows', '6'])).toThrow(
      '--rows given twice ("5" and "6"); give it once.',
    );
    expect(() => parseRayArgs(['--ray', '--node-cpu', '2'])).toThrow(
      'unknown option --node-cpu; did you mean --node-cpus? Options of a3-bench --ray: --ray, --rows, ' +
        '--node-cpus, --json, --out, --write-docs, --docs-file, --help.',
    );
    expect(() => parseRayArgs(['--ray', 'extra'])).toThrow(
      /^unexpected argument "extra"\. Usage: a3-bench --ray/,
    );
  });

  it('refuses bad options with exit 2 and fails with exit 1 outside the repository', async () => {
    const b = buffer();
    expect(await rayBenchMain(['--ray', '--rows', '0'], b.io, '/', '/')).toBe(2);
    expect(b.err.join('\n')).toMatch(/--rows must be a whole number ≥ 1/);
    const dir = mkdtempSync(join(tmpdir(), 'a3-bench-ray-'));
    try {
      const c = buffer();
      expect(await rayBenchMain(['--ray'], c.io, dir, dir)).toBe(1);
      expect(c.err.join('\n')).toMatch(/run\.sh is missing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const h = buffer();
    expect(await rayBenchMain(['--ray', '--help'], h.io, '/', '/')).toBe(0);
    expect(h.out.join('\n')).toMatch(/^a3-bench --ray/);
  });
});
