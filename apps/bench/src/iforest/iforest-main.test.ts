import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchIo } from '../main';
import { iforestBenchMain, parseIForestArgs, renderIForestMarkdown, runIForestBench } from './iforest-main';

function capture(): { io: BenchIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s) => out.push(s), err: (s) => err.push(s) }, out, err };
}

describe('a3-bench --iforest', () => {
  it('reads its options with the shared parser and refuses mistakes with exit code 2', async () => {
    expect(parseIForestArgs(['--iforest'])).toMatchObject({ rows: 100_000, cols: 40, trees: 100, rounds: 3 });
    expect(() => parseIForestArgs(['--iforest', '--rows', '0'])).toThrow(/--rows/);
    expect(() => parseIForestArgs(['--iforest', '--tree', '5'])).toThrow(/did you mean --trees/);
    const c = capture();
    expect(await iforestBenchMain(['--iforest', '--cols', 'x'], c.io, '/', '/')).toBe(2);
    expect(c.err.join('\n')).toMatch(/^a3-bench --iforest: .*--cols/);
  });

  it('times fit and score per round after a warm-up, and writes its own docs section', async () => {
    const report = await runIForestBench(
      { ...parseIForestArgs(['--iforest']), rows: 3000, cols: 5, trees: 10, rounds: 2 },
      () => {},
    );
    expect(report.rounds).toHaveLength(2);
    for (const r of report.rounds) {
      expect(r.fitMs).toBeGreaterThan(0);
      expect(r.totalMs).toBeCloseTo(r.fitMs + r.scoreMs, 6);
    }
    const md = renderIForestMarkdown(report);
    expect(md).toMatch(/^## Isolation Forest \(10 trees, 3,000 × 5 rows, one core\)/);
    expect(md).toMatch(/under 2000 ms/);
    const dir = mkdtempSync(join(tmpdir(), 'a3-bench-iforest-'));
    try {
      const docs = join(dir, 'benchmarks.md');
      const c = capture();
      const argv = ['--iforest', '--rows', '2000', '--cols', '4', '--trees', '5', '--rounds', '1'];
      expect(await iforestBenchMain([...argv, '--write-docs', '--docs-file', docs], c.io, dir, dir)).toBe(0);
      const page = readFileSync(docs, 'utf8');
      expect(page).toContain('<!-- a3-bench --iforest: begin');
      expect(page).toMatch(/## Isolation Forest \(5 trees, 2,000 × 4 rows, one core\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
