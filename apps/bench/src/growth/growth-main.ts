import { modeMain } from '../report/mode';
import { GROWTH_USAGE, parseGrowthArgs } from './growth-args';
import { renderGrowthMarkdown } from './growth-report';
import { runGrowth } from './run-growth';

/** `a3-bench --growth`. Exit code 2 for bad arguments, 1 when a point failed, else 0. */
export const growthBenchMain = modeMain({
  flag: '--growth',
  usage: GROWTH_USAGE,
  parse: parseGrowthArgs,
  run: runGrowth,
  section: () => '--growth',
  render: renderGrowthMarkdown,
  exitCode: (report) => (Object.values(report.series).some((ps) => ps?.some((p) => p.failed)) ? 1 : 0),
});
