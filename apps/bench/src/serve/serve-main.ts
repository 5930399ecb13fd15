import { A3Error } from '@a3/core';
import type { BenchIo } from '../main';
import { publishReport } from '../report/publish';
import { runServeBench } from './run-serve-bench';
import { parseServeBenchArgs, SERVE_USAGE } from './serve-args';
import { renderServeMarkdown, serveSection } from './serve-report';

/**
 * `a3-bench --serve`: the HTTP scoring service under load. Returns the exit code: 2 for bad
 * arguments, 1 when a3 serve failed or answered any request with an error, else 0.
 */
export async function serveBenchMain(
  argv: readonly string[],
  io: BenchIo,
  root: string,
  cwd: string,
): Promise<number> {
  let args;
  try {
    args = parseServeBenchArgs(argv);
  } catch (err) {
    io.err(`a3-bench --serve: ${(err as Error).message}`);
    return 2;
  }
  if (args.help) {
    io.out(SERVE_USAGE);
    return 0;
  }
  let report;
  try {
    report = await runServeBench(args, root, (line) => io.err(`a3-bench --serve: ${line}`));
  } catch (err) {
    const code = err instanceof A3Error ? ` [${err.code}]` : '';
    io.err(`a3-bench --serve: ${(err as Error).message}${code}`);
    return err instanceof A3Error && err.code === 'A3_INVALID_ARGUMENT' ? 2 : 1;
  }
  await publishReport(
    {
      section: serveSection(args.quantize),
      markdown: renderServeMarkdown(report),
      data: report,
    },
    args,
    { io, root, cwd },
  );
  const a3 = report.servers[0];
  return a3.failed || a3.levels.some((l) => l.errors > 0) ? 1 : 0;
}
