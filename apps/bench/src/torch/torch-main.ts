import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { A3Error } from '@a3/core';
import type { BenchIo } from '../main';
import { replaceSection } from '../report/docs-sections';
import { runVsTorch } from './run-vs-torch';
import { parseTorchBenchArgs, TORCH_USAGE } from './torch-args';
import { renderTorchMarkdown } from './torch-report';

/** Writes `text` to `path` through a temp file and a rename: never half a file. */
export function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** Sets one a3-bench section of the docs page (creating the page when there is none). */
export function writeDocsSection(path: string, id: '--vs-torch' | '--growth', body: string): void {
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  writeAtomic(path, replaceSection(previous, id, body));
}

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
  const markdown = renderTorchMarkdown(report);
  const json = JSON.stringify(report, null, 2);
  io.out(args.json ? json : markdown);
  if (args.out) {
    const dir = resolve(cwd, args.out);
    writeAtomic(join(dir, 'vs-torch.md'), markdown + '\n');
    writeAtomic(join(dir, 'vs-torch.json'), json + '\n');
    io.err(`a3-bench --vs-torch: wrote ${join(dir, 'vs-torch.md')} and vs-torch.json`);
  }
  if (args.writeDocs) {
    const path = resolve(cwd, args.docsFile ?? join(root, 'docs', 'benchmarks.md'));
    writeDocsSection(path, '--vs-torch', markdown);
    io.err(`a3-bench --vs-torch: wrote the "a3 vs PyTorch" section of ${path}`);
  }
  return report.rows.some((r) => r.failed) ? 1 : 0;
}
