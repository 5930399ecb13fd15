import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, writeFileAtomic } from '@a3/core';
import type { Args, OptionTable } from '@a3/args';
import type { BenchIo } from '../main';
import { DOCS_SECTIONS, replaceSection, type DocsSectionId } from './docs-sections';

/** Sets one a3-bench section of the docs page (creating the page when there is none). */
export async function writeDocsSection(path: string, id: DocsSectionId, body: string): Promise<void> {
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  await writeFileAtomic(path, replaceSection(previous, id, body));
}

/** The output options every a3-bench mode that owns a docs section takes. */
export const REPORT_OPTIONS: OptionTable = {
  json: { type: 'boolean' },
  out: { type: 'string' },
  'write-docs': { type: 'boolean' },
  'docs-file': { type: 'string' },
};

export interface ReportOptions {
  json: boolean;
  out?: string;
  writeDocs: boolean;
  docsFile?: string;
}

/** Reads REPORT_OPTIONS; --docs-file without --write-docs is a mistake, not ignored. */
export function readReportOptions(a: Args): ReportOptions {
  if (a.has('docs-file') && !a.flag('write-docs')) {
    throw new InvalidArgumentError('--docs-file only applies with --write-docs.');
  }
  return {
    json: a.flag('json'),
    out: a.string('out'),
    writeDocs: a.flag('write-docs'),
    docsFile: a.string('docs-file'),
  };
}

/**
 * Hands a mode's finished report on: Markdown (or JSON with --json) to stdout, both into
 * `--out DIR` as `<file>.md` / `<file>.json` (DOCS_SECTIONS names the file), and with
 * --write-docs the Markdown into the mode's own section of docs/benchmarks.md (or --docs-file). Paths on the command line are relative to
 * `cwd`; the default page is the repository's.
 */
export async function publishReport(
  report: { section: DocsSectionId; markdown: string; data: unknown },
  options: ReportOptions,
  where: { io: BenchIo; root: string; cwd: string },
): Promise<void> {
  const { io, root, cwd } = where;
  const { title, file } = DOCS_SECTIONS[report.section];
  const prefix = `a3-bench ${report.section}`;
  const json = JSON.stringify(report.data, null, 2);
  io.out(options.json ? json : report.markdown);
  if (options.out) {
    const dir = resolve(cwd, options.out);
    await writeFileAtomic(join(dir, `${file}.md`), report.markdown + '\n');
    await writeFileAtomic(join(dir, `${file}.json`), json + '\n');
    io.err(`${prefix}: wrote ${join(dir, `${file}.md`)} and ${file}.json`);
  }
  if (options.writeDocs) {
    const path = resolve(cwd, options.docsFile ?? join(root, 'docs', 'benchmarks.md'));
    await writeDocsSection(path, report.section, report.markdown);
    io.err(`${prefix}: wrote the "${title}" section of ${path}`);
  }
}
