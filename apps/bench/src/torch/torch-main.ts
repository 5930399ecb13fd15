import { modeMain } from '../report/mode';
import { runVsTorch } from './run-vs-torch';
import { parseTorchBenchArgs, TORCH_USAGE } from './torch-args';
import { renderTorchMarkdown } from './torch-report';

/**
 * `a3-bench --vs-torch`: a3 next to PyTorch. Returns the exit code: 2 for bad arguments, 1 when
 * a workload failed, else 0 (a missing Python or torch skips rows with the reason, not a failure).
 */
export const torchBenchMain = modeMain({
  flag: '--vs-torch',
  usage: TORCH_USAGE,
  parse: parseTorchBenchArgs,
  run: runVsTorch,
  section: () => '--vs-torch',
  render: renderTorchMarkdown,
  exitCode: (report) => (report.rows.some((r) => r.failed) ? 1 : 0),
});
