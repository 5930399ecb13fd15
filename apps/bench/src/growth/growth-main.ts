import { join, resolve } from 'node:path';
import { A3Error } from '@a3/core';
import type { BenchIo } from '../main';
import { writeAtomic, writeDocsSection } from '../torch/torch-main';
import { GROWTH_USAGE, parseGrowthArgs } from './growth-args';
import { renderGrowthMarkdown } from './growth-report';
import { runGrowth } from './run-growth';

/** `a3-bench --growth`. Exit code 2 for bad arguments, 1 when a point failed, else 0. */
export async function growthBenchMain(
  argv: readonly string[],
  io: BenchIo,
  root: string,
  cwd: string,
): Promise<number> {
  let args;
  try {
    args = parseGrowthArgs(argv);
  } catch (err) {
    io.err(`a3-bench --growth: ${(err as Error).message}`);
    return 2;
  }
  if (args.help) {
    io.out(GROWTH_USAGE);
    return 0;
  }
  let report;
  try {
    report = await runGrowth(args, root, (line) => io.err(`a3-bench --growth: ${line}`));
  } catch (err) {
    const code = err instanceof A3Error ? ` [${err.code}]` : '';
    io.err(`a3-bench --growth: ${(err as Error).message}${code}`);
    return err instanceof A3Error && err.code === 'A3_INVALID_ARGUMENT' ? 2 : 1;
  }
  const markdown = renderGrowthMarkdown(report);
  const json = JSON.stringify(report, null, 2);
  io.out(args.json ? json : markdown);
  if (args.out) {
    const dir = resolve(cwd, args.out);
    writeAtomic(join(dir, 'growth.md'), markdown + '\n');
    writeAtomic(join(dir, 'growth.json'), json + '\n');
  }
  if (args.writeDocs) {
    const path = resolve(cwd, args.docsFile ?? join(root, 'docs', 'benchmarks.md'));
    writeDocsSection(path, '--growth', markdown);
    io.err(`a3-bench --growth: wrote the "Growth" section of ${path}`);
  }
  return Object.values(report.series).some((ps) => ps?.some((p) => p.failed)) ? 1 : 0;
}
