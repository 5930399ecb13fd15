import { A3Error } from '@a3/core';
import type { BenchIo } from '../main';
import { publishReport } from '../report/publish';
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
  await publishReport(
    {
      section: '--growth',
      markdown: renderGrowthMarkdown(report),
      data: report,
    },
    args,
    { io, root, cwd },
  );
  return Object.values(report.series).some((ps) => ps?.some((p) => p.failed)) ? 1 : 0;
}
