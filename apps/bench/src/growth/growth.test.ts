import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@a3/core';
import { decades, parseGrowthArgs } from './growth-args';
import { renderGrowthMarkdown } from './growth-report';
import { runGrowth } from './run-growth';

describe('a3-bench --growth arguments', () => {
  it('grows by decades from 10 k up to the limit, 10 M only when asked', () => {
    expect(decades(1_000_000)).toEqual([10_000, 100_000, 1_000_000]);
    expect(decades(10_000_000)).toEqual([10_000, 100_000, 1_000_000, 10_000_000]);
    expect(decades(5000)).toEqual([5000]);
    const a = parseGrowthArgs(['--growth']);
    expect(a.scoreRows).toEqual([10_000, 100_000, 1_000_000]);
    expect(a.widths).toEqual([40, 122, 256, 512, 784]);
    expect(a.series).toEqual(['score-rows', 'train-rows', 'input-width']);
    expect(() => parseGrowthArgs(['--series', 'nope'])).toThrow(InvalidArgumentError);
    expect(() => parseGrowthArgs(['--widths', '0'])).toThrow(/--widths/);
  });

  it('refuses a flag given twice instead of keeping the last, as every a3-bench mode does', () => {
    expect(() => parseGrowthArgs(['--growth', '--series', 'score-rows', '--series', 'train-rows'])).toThrow(
      '--series given twice ("score-rows" and "train-rows"); give it once.',
    );
    expect(() => parseGrowthArgs(['--json', '--json'])).toThrow('--json given twice; give it once.');
  });

  it('answers an unknown flag with the nearest names and every flag of --growth', () => {
    expect(() => parseGrowthArgs(['--growth', '--serie', 'score-rows'])).toThrow(
      /^unknown option --serie; did you mean --series\? Options of a3-bench --growth: --growth, --series, /,
    );
  });
});

describe('runGrowth input-width', () => {
  it('fits and scores at each width and renders per-row costs relative to the smallest', async () => {
    const report = await runGrowth(
      { ...parseGrowthArgs(['--series', 'input-width', '--widths', '8,16']) },
      process.cwd(),
      () => undefined,
      { trainRows: 512, steps: 4, scoreRows: 2000 },
    );
    const points = report.series['input-width']!;
    expect(points.map((p) => p.size)).toEqual([8, 16]);
    for (const p of points) {
      expect(p.failed).toBeUndefined();
      expect(p.ms).toBeGreaterThan(0);
      expect(p.fitMs).toBeGreaterThan(0);
    }
    const md = renderGrowthMarkdown(report);
    expect(md).toMatch(/\| 8 \| .* \| 1\.00× \|/);
    expect(md).toMatch(/Fit times: 8: /);
  }, 120_000);
});
