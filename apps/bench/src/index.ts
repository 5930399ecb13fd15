export { runBench, DEFAULT_SEED } from './run/run-bench';
export type { BenchOptions } from './run/run-bench';
export { main, exitCode, findRepoRoot, processIo } from './main';
export type { BenchIo, MainOptions } from './main';
export { runIsolated, childArgv, mergeReports } from './run/isolated';
export { resolveBackends } from './run/backends';
export { parseBenchArgs, USAGE } from './args/parse-args';
export type { BenchArgs } from './args/parse-args';
export { WORKLOAD_IDS, isWorkloadId } from './workloads/workload';
export type {
  Workload,
  WorkloadId,
  WorkloadKind,
  WorkloadContext,
  PreparedWorkload,
} from './workloads/workload';
export { WORKLOADS } from './workloads/registry';
export { denseFlops, mlpFlops, conv2dFlops, graphForwardFlops, TRAIN_FLOP_FACTOR } from './workloads/flops';
export type { ConvShape } from './workloads/flops';
export { median, percentile, summarize, isNoisy, NOISY_SPREAD } from './measure/stats';
export type { TimingStats } from './measure/stats';
export type { MachineInfo } from './measure/machine';
export { measureParity, maxAbsDiff, PARITY_TOLERANCE } from './parity/parity';
export { renderMarkdown, renderTable } from './report/markdown';
export { renderJson, toJsonReport } from './report/json';
export { renderChart } from './report/svg-chart';
export { renderTextChart } from './report/text-chart';
export { renderDocsPage } from './report/docs-page';
export { conclusions } from './report/conclusions';
export type {
  BenchReport,
  BenchResult,
  BenchSettings,
  ParityReport,
  Unavailable,
  Skipped,
  Failed,
} from './report/types';
