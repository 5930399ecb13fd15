export * from './errors/errors';
export * from './tensor/tensor-data';
export * from './graph/ir';
export { Graph, Tensor, planRun } from './graph/graph';
export type { VariableInfo, Update, RunPlan, PlanOptions } from './graph/graph';
export { broadcastShapes, convOutSize, inferShape, normalizeAxis } from './graph/shape-inference';
export * as ops from './graph/ops';
export type {
  Operand,
  ConvOptions,
  PoolOptions,
  RandomNormalOptions,
  RandomUniformOptions,
} from './graph/ops';
export { gradients } from './autodiff/gradients';
export { sumToShape } from './autodiff/rules';
export type * from './backend/backend';
export { validateFeeds, runStepsSequentially } from './backend/feeds';
export {
  registerBackend,
  unregisterBackend,
  setBackend,
  getBackend,
  listBackends,
  resolveBackendName,
} from './backend/registry';
export type { Availability, BackendRegistration, BackendInfo, BackendFactory } from './backend/registry';
export { withCompileOptions } from './backend/with-options';
export { writeFileAtomic } from './io/atomic-file';
export { BACKEND_MANIFEST_FIELD, backendDescriptions, ownBackendDescription } from './backend/manifest';
export type { BackendDescription } from './backend/manifest';
export { Rng } from './random/rng';
export { fans, glorotUniform, heUniform, zeros, ones } from './random/initializers';
