// Public API of @a3/baselines (filled in by its modules).
import { registerDetector } from '@a3/model';
import { IFOREST_ENTRY } from './iforest/iforest';
import { LOF_ENTRY } from './lof/lof';

// Importing the package makes its detectors available to createDetector / loadDetector.
registerDetector('iforest', IFOREST_ENTRY);
registerDetector('lof', LOF_ENTRY);

export { IsolationForest, IFOREST_ENTRY } from './iforest/iforest';
export type { IsolationForestOptions } from './iforest/iforest';
export { averagePathLength } from './iforest/forest';
export { LocalOutlierFactor, LOF_ENTRY } from './lof/lof';
export type { LocalOutlierFactorOptions } from './lof/lof';
export { NearestNeighbours } from './lof/knn';
export type { Neighbours } from './lof/knn';
