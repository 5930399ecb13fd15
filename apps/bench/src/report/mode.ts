import { A3Error } from '@a3/core';
import type { BenchIo } from '../main';
import type { DocsSectionId } from './docs-sections';
import { publishReport, type ReportOptions } from './publish';

/** One a3-bench mode (`--serve`, `--growth`, …): its options, its run and its report. */
export interface ModeSpec<A extends ReportOptions & { help: boolean }, R> {
  /** The mode's flag, which also prefixes every line it writes to stderr. */
  flag: string;
  usage: string;
  /** Parses the command line; a mistake throws (exit code 2). */
  parse(argv: readonly string[]): A;
  /** The measurement. An InvalidArgumentError exits with 2, any other failure with 1. */
  run(args: A, root: string, log: (line: string) => void): Promise<R>;
  /** The docs section (and --out file names) the report goes to. */
  section(args: A): DocsSectionId;
  render(report: R): string;
  /** Exit code once the report is out [0]: 1 when something measured failed. */
  exitCode?(report: R): number;
}

/**
 * Runs a mode end to end: parse (2 on a mistake), --help, the run (its failure reported in one
 * line with the error's code), then publishReport (stdout, --out, --write-docs).
 */
export async function runMode<A extends ReportOptions & { help: boolean }, R>(
  spec: ModeSpec<A, R>,
  argv: readonly string[],
  io: BenchIo,
  root: string,
  cwd: string,
): Promise<number> {
  const say = (line: string) => io.err(`a3-bench ${spec.flag}: ${line}`);
  let args: A;
  try {
    args = spec.parse(argv);
  } catch (err) {
    say((err as Error).message);
    return 2;
  }
  if (args.help) {
    io.out(spec.usage);
    return 0;
  }
  let report: R;
  try {
    report = await spec.run(args, root, say);
  } catch (err) {
    const code = err instanceof A3Error ? ` [${err.code}]` : '';
    say(`${(err as Error).message}${code}`);
    return err instanceof A3Error && err.code === 'A3_INVALID_ARGUMENT' ? 2 : 1;
  }
  await publishReport({ section: spec.section(args), markdown: spec.render(report), data: report }, args, {
    io,
    root,
    cwd,
  });
  return spec.exitCode?.(report) ?? 0;
}

/** What main() calls for a mode. */
export type ModeMain = (argv: readonly string[], io: BenchIo, root: string, cwd: string) => Promise<number>;

/** A mode's entry point: runMode over its spec. */
export function modeMain<A extends ReportOptions & { help: boolean }, R>(spec: ModeSpec<A, R>): ModeMain {
  return (argv, io, root, cwd) => runMode(spec, argv, io, root, cwd);
}
