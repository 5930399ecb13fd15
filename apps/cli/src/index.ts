export { main, commands, registerCommand } from './main';
export type { Command, CommandContext, OptionSpec } from './commands/command';
export { Progress } from './terminal/progress';
export { bufferOutput, processOutput, type Output } from './terminal/output';
export { writeFileAtomic } from './fs/atomic-file';
// The comparison pipeline behind `a3 compare`, for the quality runner (tools/quality).
export { runCompare } from './compare/run-compare';
export type { CompareRequest, CompareResult, CompareCurves, PartSummary } from './compare/run-compare';
export { prepareSeed, checkDataRequest } from './compare/prepare-seed';
export type { DataRequest, PreparedSeed } from './compare/prepare-seed';
export { DEFAULT_VIEW } from './compare/protocol-split';
export type { TestView, ProtocolSplit, ProtocolView } from './compare/protocol-split';
export { runDetector } from './compare/run-detector';
export type { DetectorRun, ViewMetrics, RunStatus, RunOptions } from './compare/run-detector';
export {
  detectorSpecs,
  checkDetectorSpecs,
  registeredDetectors,
  specForName,
  a3VariantSpecs,
  detectorOptions,
} from './compare/detectors';
export type { DetectorSpec } from './compare/detectors';
export { summarize, stat } from './compare/summary';
export type { DetectorSummary, Stat, ViewSummary } from './compare/summary';
export { describeNKnown } from './compare/n-known';
export { FitProgress } from './compare/fit-progress';
export type { OptionValues } from '@a3/args';
