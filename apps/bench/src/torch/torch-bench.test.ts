import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@a3/core';
import { carrySections, replaceSection } from '../report/docs-sections';
import { runVsTorch } from './run-vs-torch';
import { parseTorchBenchArgs, TORCH_WORKLOAD_IDS } from './torch-args';
import { renderTorchMarkdown } from './torch-report';

describe('a3-bench --vs-torch arguments', () => {
  it('defaults to every workload, 3 rounds and a 50-step warm-up', () => {
    const a = parseTorchBenchArgs(['--vs-torch']);
    expect(a.workloads).toEqual([...TORCH_WORKLOAD_IDS]);
    expect([a.rounds, a.warmup, a.reps]).toEqual([3, 50, 30]);
  });

  it('keeps report order and rejects unknown workloads and stray flags', () => {
    expect(parseTorchBenchArgs(['--workloads', 'infer-b1,alarm-train-step']).workloads).toEqual([
      'alarm-train-step',
      'infer-b1',
    ]);
    expect(() => parseTorchBenchArgs(['--workloads', 'nope'])).toThrow(InvalidArgumentError);
    expect(() => parseTorchBenchArgs(['--docs-file', 'x.md'])).toThrow(/--write-docs/);
    expect(() => parseTorchBenchArgs(['--rounds', '0'])).toThrow(/--rounds/);
  });
});

describe('docs sections', () => {
  it('replaces a section in place and appends it the first time', () => {
    const page = '# Benchmarks\n\nmain table\n';
    const once = replaceSection(page, '--vs-torch', 'torch v1');
    expect(once.startsWith(page.trimEnd())).toBe(true);
    expect(once).toContain('torch v1');
    const twice = replaceSection(`${once}\ntrailer\n`, '--vs-torch', 'torch v2');
    expect(twice).toContain('torch v2');
    expect(twice).not.toContain('torch v1');
    expect(twice.trimEnd().endsWith('trailer')).toBe(true);
  });

  it('carries the sections of the previous page into a regenerated one', () => {
    const old = replaceSection(
      replaceSection('# old main\n', '--growth', 'growth table'),
      '--vs-torch',
      'torch table',
    );
    const fresh = carrySections(old, '# new main\n');
    expect(fresh).toContain('# new main');
    expect(fresh).not.toContain('# old main');
    expect(fresh).toContain('growth table');
    expect(fresh).toContain('torch table');
    expect(carrySections('# no sections\n', '# new\n')).toBe('# new\n');
  });
});

describe('runVsTorch', () => {
  it('measures the a3 side and skips PyTorch with the reason when there is no interpreter', async () => {
    const lines: string[] = [];
    const report = await runVsTorch(
      {
        ...parseTorchBenchArgs(['--workloads', 'infer-b1', '--rounds', '2', '--reps', '2', '--warmup', '1']),
        python: '/nonexistent/python',
      },
      process.cwd(),
      (l) => lines.push(l),
    );
    const row = report.rows[0];
    expect(row.id).toBe('infer-b1');
    expect(row.a3?.reps).toBe(2 * 2 * 20);
    expect(row.a3!.medianMs).toBeGreaterThan(0);
    expect(row.torch).toBeUndefined();
    expect(row.skipped).toMatch(/\/nonexistent\/python/);
    expect(renderTorchMarkdown(report)).toMatch(/torch side skipped/);
  }, 60_000);
});
