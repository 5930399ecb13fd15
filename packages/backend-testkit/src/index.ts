// The float64 reference interpreter (the oracle every backend is compared with).
export { ReferenceInterpreter, referenceRun } from './reference/interpreter';
export type { ReferenceOptions, ReferenceRunOptions } from './reference/interpreter';
export { f64, isF64, toF64, toTensorData } from './reference/f64';
export type { F64Tensor, RefValue } from './reference/f64';

// The conformance suite (vitest) and its individual checks (framework-agnostic, throw on failure).
export { runConformanceSuite } from './suite/run-conformance-suite';
export type { ConformanceOptions } from './suite/run-conformance-suite';
export { resolveTolerance } from './suite/tolerance';
export type { ConformanceTolerance, ResolvedTolerance } from './suite/tolerance';
export {
  checkGradientAgainstFiniteDifferences,
  checkGradientCase,
  checkPrimitiveCase,
  withExecutable,
} from './suite/primitive-checks';
export { checkRandomDeterminism, checkRandomLike, checkRandomStatistics } from './suite/random-checks';
export {
  checkDispose,
  checkFeedValidation,
  checkOutputSubset,
  checkUpdates,
  checkVariableRoundTrip,
} from './suite/state-checks';
export {
  checkConvNet,
  checkLossesMatchReference,
  checkLossFalls,
  checkMemoryFlat,
  checkRunSteps,
  checkTrainingDeterminism,
  referenceMlpLosses,
  trainMlp,
} from './suite/training-checks';
export type { TrainingRun } from './suite/training-checks';
export { ConformanceError, expectA3Error } from './suite/assertions';

// The cases themselves, for backend authors who want to debug one.
export { buildCaseGraph, buildGradientGraph, caseBatches, caseFeeds, CONV_OPS, hashSeed } from './cases/case';
export type { CaseBuild, GradientCase, GradientGraph, InputSpec, PrimitiveCase } from './cases/case';
export { emptyBatchCases, primitiveCases, STATISTICAL_OPS } from './cases/primitive-cases';
export { gradientCases, GRADIENT_CHECKED_OPS } from './cases/gradient-cases';
export {
  differentiablePrimitives,
  gradientRulesWithoutChecks,
  primitivesWithoutCases,
} from './cases/coverage';

// Helpers for backend authors.
export { randomTensor } from './check/random-tensor';
export type { RandomTensorOptions } from './check/random-tensor';
export { ComparisonError, expectClose, FLOAT32_TOLERANCE } from './check/expect-close';
export type { Comparable, Tolerance } from './check/expect-close';
export { finiteDifferenceCheck } from './check/finite-difference';
export type {
  FiniteDifferenceOptions,
  FiniteDifferenceResult,
  FiniteDifferenceWorst,
} from './check/finite-difference';

// Seeded training graphs used by the end-to-end checks (also handy for benchmarks).
export { addAdam } from './training/adam';
export type { AdamOptions } from './training/adam';
export { buildMlpTrainingGraph, mlpFeeds, syntheticBinaryData } from './training/mlp';
export type { MlpOptions } from './training/mlp';
export { buildConvNetGraph } from './training/conv-net';
