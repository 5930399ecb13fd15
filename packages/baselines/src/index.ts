// Public API of @a3/baselines (filled in by its modules).
import { registerDetector } from '@a3/model';
import { IFOREST_ENTRY } from './iforest/iforest';
import { LOF_ENTRY } from './lof/lof';
import { AE_ENTRY } from './ae/autoencoder';
import { HGB_ENTRY } from './hgb/hgb';

// Importing the package makes its detectors available to createDetector / loadDetector.
registerDetector('iforest', IFOREST_ENTRY);
registerDetector('lof', LOF_ENTRY);
registerDetector('ae', AE_ENTRY);
registerDetector('hgb', HGB_ENTRY);

export { IsolationForest, IFOREST_ENTRY } from './iforest/iforest';
export type { IsolationForestOptions } from './iforest/iforest';
export { averagePathLength } from './iforest/forest';
export { LocalOutlierFactor, LOF_ENTRY } from './lof/lof';
export type { LocalOutlierFactorOptions } from './lof/lof';
export { NearestNeighbours } from './lof/knn';
export type { Neighbours } from './lof/knn';
export { AutoencoderDetector, AE_ENTRY } from './ae/autoencoder';
export type { AutoencoderOptions, TrainedTarget } from './ae/autoencoder';
export { autoencoderOfA3Model } from './ae/a3-target';
export { reconstructionError } from './ae/reconstruction';
export { MinMax } from './ae/min-max';
export type { MinMaxJSON } from './ae/min-max';
export { HistGradientBoosting, HGB_ENTRY } from './hgb/hgb';
export type { HistGradientBoostingOptions } from './hgb/hgb';

// Neural baselines (DevNet, Deep SAD, DAGMM, supervised MLP): registered on import.
import { registerNeuralDetectors } from './neural/register';
registerNeuralDetectors();
export { NEURAL_DETECTORS, registerNeuralDetectors } from './neural/register';
export { DevNet, DEVNET_DEFAULTS, resolveDevNetConfig } from './devnet/devnet';
export type { DevNetConfig } from './devnet/devnet';
export { deviationLoss, referenceStats } from './devnet/deviation-loss';
export type { ReferenceStats } from './devnet/deviation-loss';
export { DeepSad, DEEPSAD_DEFAULTS, resolveDeepSadConfig, deepSadArchitecture } from './deepsad/deepsad';
export type { DeepSadConfig } from './deepsad/deepsad';
export { sadLoss, centreDistance, hypersphereCentre } from './deepsad/sad-loss';
export {
  Dagmm,
  DAGMM_DEFAULTS,
  DAGMM_IMAGE_WIDTH,
  resolveDagmmConfig,
  dagmmArchitecture,
} from './dagmm/dagmm';
export type { DagmmArchitecture, DagmmConfig } from './dagmm/dagmm';
export { batchGmmEnergy, fitGmm, gmmEnergy } from './dagmm/gmm';
export type { GmmParams } from './dagmm/gmm';
export {
  SupervisedMlp,
  SUPERVISED_MLP_DEFAULTS,
  resolveSupervisedMlpConfig,
  balancedClassWeights,
} from './supervised-mlp/supervised-mlp';
export type { SupervisedMlpConfig } from './supervised-mlp/supervised-mlp';
export { rmsprop } from './neural/rmsprop';
export type { RmspropOptions } from './neural/rmsprop';
export type { NeuralRunConfig } from './neural/options';
