import { modeMain } from '../report/mode';
import { runServeBench } from './run-serve-bench';
import { parseServeBenchArgs, SERVE_USAGE } from './serve-args';
import { renderServeMarkdown, serveSection } from './serve-report';

/**
 * `a3-bench --serve`: the HTTP scoring service under load. Returns the exit code: 2 for bad
 * arguments, 1 when a3 serve failed or answered any request with an error, else 0.
 */
export const serveBenchMain = modeMain({
  flag: '--serve',
  usage: SERVE_USAGE,
  parse: parseServeBenchArgs,
  run: runServeBench,
  section: (args) => serveSection(args.quantize),
  render: renderServeMarkdown,
  exitCode: (report) => {
    const a3 = report.servers[0];
    return a3.failed || a3.levels.some((l) => l.errors > 0) ? 1 : 0;
  },
});
