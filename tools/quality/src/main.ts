import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Args, parseCommandLine, positionals, type OptionTable } from '@a3/args';
import { A3Error } from '@a3/core';
import { processOutput, writeFileAtomic, type Output } from '@a3/cli';
import { describeMachines, renderQualityPage } from './markdown';
import { gitCommit, shellQuote } from './provenance';
import { JOBS_ENV, runWorkers } from './jobs';
import { pendingUnits, runSuite, type SuiteUnit } from './run-suite';
import { readSuite, selectFrom } from './suite';

const HELP = `node tools/quality/run.mjs [options] — runs a quality suite through the a3 compare pipeline
and regenerates docs/quality.md (every number from a run; finished cells are cached, so an
interrupted run resumes).

Options:
  --suite FILE       Suite file (default tools/quality/suites/development.json)
  --quick            The suite's quick variant (fewer seeds, data sets and detectors)
  --datasets a,b     Only these data sets of the selection
  --detectors a,b    Only these detectors (registry names or the suite's named variants)
  --seeds 0,1        Override the selection's seeds
  --backend NAME     Backend of detectors that use one (default: the fastest installed)
  --data-root DIR    Where the suite's relative data paths start (default: the suite's dataRoot)
  --cache DIR        Cell cache (default .scratch/quality)
  --fresh            Re-run every cell, replacing cached ones
  --out FILE         The page to write (default docs/quality.md)
  --jobs N           Compute N data-set/seed units at a time, each in a worker process (default 1);
                     the fit times then include the contention, and the page says so
  --help             Show this help`;

/** The runner's options (--help / -h are the parser's). */
const QUALITY_OPTIONS: OptionTable = {
  suite: { type: 'string' },
  quick: { type: 'boolean' },
  datasets: { type: 'string' },
  detectors: { type: 'string' },
  seeds: { type: 'string' },
  backend: { type: 'string' },
  'data-root': { type: 'string' },
  cache: { type: 'string' },
  fresh: { type: 'boolean' },
  out: { type: 'string' },
  jobs: { type: 'string' },
};

/**
 * The page as the repository's prettier would write it (`npm run lint` checks docs/ too); as
 * rendered when prettier is not installed.
 */
async function formatMarkdown(text: string, path: string): Promise<string> {
  let prettier: typeof import('prettier');
  try {
    prettier = await import('prettier');
  } catch {
    return text;
  }
  const config = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(text, { ...config, parser: 'markdown', filepath: path });
}

/**
 * The runner's command line. `root` is the repository root (defaults are relative to it);
 * paths given on the command line are relative to the current directory. Returns the exit code:
 * 0, or 1 when a cell failed or a data set could not run (the page is written either way).
 */
export async function runFromCommandLine(
  argv: readonly string[],
  options: { root: string; io?: Output; date?: Date; moduleUrl?: string } = { root: process.cwd() },
): Promise<number> {
  const io = options.io ?? processOutput;
  const root = options.root;
  try {
    const line = parseCommandLine(argv, QUALITY_OPTIONS, 'quality');
    positionals(line.positionals, [], 'node tools/quality/run.mjs [options]');
    const a = new Args(line.values);
    const values = {
      help: line.help,
      suite: a.string('suite'),
      quick: a.flag('quick'),
      datasets: a.list('datasets'),
      detectors: a.list('detectors'),
      seeds: a.intList('seeds', 0),
      backend: a.string('backend'),
      'data-root': a.string('data-root'),
      cache: a.string('cache'),
      fresh: a.flag('fresh'),
      out: a.string('out'),
      jobs: a.int('jobs'),
    };
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const suitePath = values.suite
      ? resolve(values.suite)
      : resolve(root, 'tools/quality/suites/development.json');
    const suite = readSuite(suitePath);
    const selection = selectFrom(suite, {
      quick: values.quick === true,
      ...(values.datasets ? { datasets: values.datasets } : {}),
      ...(values.detectors ? { detectors: values.detectors } : {}),
      ...(values.seeds ? { seeds: values.seeds } : {}),
    });
    const dataRoot = values['data-root'] ? resolve(values['data-root']) : resolve(root, suite.dataRoot);
    const cacheDir = values.cache ? resolve(values.cache) : resolve(root, '.scratch/quality');
    const out = values.out ? resolve(values.out) : resolve(root, 'docs/quality.md');
    const commit = gitCommit(root);
    // Before any cell runs: the fit times on the page are only as good as the machine was idle.
    const workers = Number(process.env[JOBS_ENV] ?? 1);
    const machine =
      `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, load average ${loadavg()[0].toFixed(2)} when the run started` +
      (workers > 1
        ? `, ${workers} worker processes side by side (--jobs ${workers}: fit times include the contention)`
        : '');
    const date = options.date ?? new Date();
    const where = { selection, dataRoot, cacheDir, ...(values.backend ? { backend: values.backend } : {}) };
    let fresh = values.fresh === true;
    const jobs = values.jobs ?? 1;
    if (jobs > 1) {
      const units = pendingUnits({ ...where, fresh });
      const scratch = mkdtempSync(join(tmpdir(), 'a3-quality-jobs-'));
      const argvFor = (u: SuiteUnit): string[] => [
        '--suite',
        suitePath,
        ...(values.quick ? ['--quick'] : []),
        '--datasets',
        u.dataset,
        '--seeds',
        String(u.seed),
        ...(values.detectors ? ['--detectors', values.detectors.join(',')] : []),
        ...(values.backend ? ['--backend', values.backend] : []),
        '--data-root',
        dataRoot,
        '--cache',
        cacheDir,
        ...(fresh ? ['--fresh'] : []),
        '--out',
        join(scratch, `${u.dataset}-${u.seed}.md`),
      ];
      try {
        io.err(`${units.length} data-set/seed units to compute, ${Math.min(jobs, units.length)} at a time`);
        await runWorkers(units, jobs, argvFor, { moduleUrl: options.moduleUrl ?? import.meta.url, root }, io);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
      // The workers filled the cache; this pass reads it (and retries what failed, one at a time).
      fresh = false;
    }
    const result = await runSuite({ ...where, fresh, io, commit, machine });
    const used = [
      ...new Set(
        result.datasets.flatMap((d) => d.cells.map((c) => c.run.backend).filter((b): b is string => !!b)),
      ),
    ];
    const backend = `${values.backend ?? 'default (the fastest installed)'}${used.length ? `; cells ran on ${used.join(', ')}` : ''}`;
    const cellCommits = [...new Set(result.datasets.flatMap((d) => d.cells.map((c) => c.commit)))];
    const page = renderQualityPage(result, {
      date: date.toISOString().replace(/\.\d+Z$/, 'Z'),
      backend,
      machine: describeMachines([
        ...new Set(
          result.datasets.flatMap((d) =>
            d.cells.map((c) => c.machine ?? 'not recorded (cells computed before the runner stored it)'),
          ),
        ),
      ]),
      commit:
        cellCommits.length > 1 || (cellCommits[0] && cellCommits[0] !== commit)
          ? `page written at ${commit}; cells computed at ${cellCommits.join(', ')}`
          : commit,
      command: ['node', 'tools/quality/run.mjs', ...argv].map(shellQuote).join(' '),
      suite: suite.name,
      description: suite.description,
      selection,
    });
    await writeFileAtomic(out, await formatMarkdown(page, out));
    io.err(
      `wrote ${out} (${result.counts.computed} cells computed, ${result.counts.cached} cached, ${result.counts.failed} failed)`,
    );
    const broken = result.counts.failed > 0 || result.datasets.some((d) => d.errors.length > 0);
    return broken ? 1 : 0;
  } catch (err) {
    if (err instanceof A3Error) {
      io.err(`quality: ${err.message} [${err.code}]`);
      return 2;
    }
    throw err;
  }
}
