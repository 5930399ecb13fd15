import { A3Error } from '@a3/core';
import type { BenchIo } from '../main';
import { publishReport } from '../report/publish';
import { runVsTorch } from './run-vs-torch';
import { parseTorchBenchArgs, TORCH_USAGE } from './torch-args';
import { renderTorchMarkdown } from './torch-report';

/**
 * `a3-bench --vs-torch`: a3 next to PyTorch. Returns the exit code: 2 for bad arguments, 1 when
 * a workload failed, else 0 (a missing Python or torch skips rows with the reason, not a failure).
 */
export async function torchBenchMain(
  argv: readonly string[],
  io: BenchIo,
  root: string,
  cwd: string,
): Promise<number> {
  let args;
  try {
    args = parseTorchBenchArgs(argv);
  } catch (err) {
    io.err(`a3-bench --vs-torch: ${(err as Error).message}`);
    return 2;
  }
  if (args.help) {
    io.out(TORCH_USAGE);
    return 0;
  }
  let report;
  try {
    report = await runVsTorch(args, root, (line) => io.err(`a3-bench --vs-torch: ${line}`));
  } catch (err) {
    const code = err instanceof A3Error ? ` [${err.code}]` : '';
    io.err(`a3-bench --vs-torch: ${(err as Error).message}${code}`);
    return err instanceof A3Error && err.code === 'A3_INVALID_ARGUMENT' ? 2 : 1;
  }
  await publishReport(
    {
      section: '--vs-torch',
      markdown: renderTorchMarkdown(report),
      data: report,
    },
    args,
    { io, root, cwd },
  );
  return report.rows.some((r) => r.failed) ? 1 : 0;
}
