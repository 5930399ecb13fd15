import { registerBuiltinAnomalies } from './anomaly/builtins';
import { registerBuiltinTargets } from './targets/builtins';

import { A3Detector } from './detector/detector';
import { registerDetector } from './detectors/registry';

registerBuiltinTargets();
registerBuiltinAnomalies();
registerDetector('a3', {
  description: 'A³: alarm network on the frozen target’s activations, with generated counter-examples',
  usesBackend: true,
  create: (options) => new A3Detector(options),
  load: (dir, options) => A3Detector.load(dir, options),
});

export { A3Detector } from './detector/detector';
export { A3FitCache } from './detector/fit-cache';
export type { TrainedNetworks } from './detector/fit-cache';
export type { Detector, DetectorFitData, DetectorFitOptions, DetectorProgress } from './detectors/detector';
export {
  DEFAULT_CONTAMINATION,
  applyThreshold,
  contaminationThreshold,
  resolveBackend,
  thresholdAfterFit,
  scoresToProba,
} from './detectors/detector';
export type { FittedThreshold } from './detectors/detector';
export {
  registerDetector,
  unregisterDetector,
  getDetector,
  listDetectors,
  createDetector,
  loadDetector,
  detectorKindOf,
} from './detectors/registry';
export type { DetectorEntry } from './detectors/registry';
export { writeDetectorDir, readDetectorDir, expectTensors } from './detectors/detector-dir';
export type { DetectorManifest, DetectorFiles } from './detectors/detector-dir';
export { checkSamples, checkLabels } from './detector/inputs';
export type { A3TrainData, A3FitOptions, ThresholdOptions } from './detector/detector';
export {
  resolveConfig,
  TARGET_TRAINING_DEFAULTS,
  ALARM_TRAINING_DEFAULTS,
  INPUT_PREPROCESSING,
} from './detector/config';
export { CALIBRATION_DEFAULTS } from './detector/config-values';
export type {
  A3DetectorConfig,
  ResolvedConfig,
  PhaseConfig,
  AlarmPhaseConfig,
  HeadConfig,
  CalibrationConfig,
  InputPreprocessingName,
} from './detector/config';
export {
  A3_PRESETS,
  PRESET_CONFIGS,
  ROBUST_COMPONENTS,
  ROBUST_REJECTED,
  a3Variants,
} from './presets/presets';
export type { A3PresetName, A3Variant, PresetComponent } from './presets/presets';
export { Calibrator, CALIBRATION_TAIL } from './heads/calibration';
export type { CalibratorJSON } from './heads/calibration';
export type { MinMaxScalerJSON } from './detector/scaler';
export type { A3Phase, A3ProgressEvent } from './detector/training';
export { knownShareSampler } from './detector/training';
export type { SampleInput, LabelInput } from './detector/inputs';

export {
  registerTarget,
  unregisterTarget,
  getTarget,
  listTargets,
  createTarget,
  hiddenTaps,
  reconstructionBce,
} from './targets/target';
export type {
  TargetNetwork,
  TargetFactory,
  TargetContext,
  TargetForward,
  TargetApplyOptions,
  TargetLabels,
} from './targets/target';
export { DenseAutoencoder, DENSE_AE_DEFAULTS } from './targets/dense-ae';
export { ConvAutoencoder, CONV_AE_DEFAULTS } from './targets/conv-ae';
export { MlpClassifier, MLP_CLASSIFIER_DEFAULTS } from './targets/mlp-classifier';

export { selectTaps, concatTaps, tapWidth, checkTapSelection } from './taps/selection';
export type { TapSelection, TapRole, TargetTap } from './taps/selection';

export { alarmNetwork, ALARM_DEFAULTS, checkAlarmConfig } from './alarm/alarm';
export type { AlarmConfig } from './alarm/alarm';

export { registerAnomaly, unregisterAnomaly, getAnomaly, listAnomalies } from './anomaly/anomaly';
export type { AnomalyNetwork, AnomalyFactory, AnomalyContext, AnomalyTrainer } from './anomaly/anomaly';
export { gaussianAnomaly, uniformAnomaly, noAnomaly } from './anomaly/noise';
export { VaeAnomaly, VAE_DEFAULTS } from './anomaly/vae';

export { UnknownPluginError } from './plugins/registry';
export { checkTarget, TargetCheckError } from './check/check-target';
export type { TargetCheckOptions, TargetCheck, TargetCheckReport } from './check/check-target';

// The codec lives in @a3/nn (checkpoints use it too); re-exported so model files can be read here.
export { encodeSafetensors, decodeSafetensors, SafetensorsError } from '@a3/nn';
export type { SafetensorsContent, SafetensorsErrorReason } from '@a3/nn';
export {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  MANIFEST_FILE,
  WEIGHTS_FILE,
  HEADS_DIR,
  parseManifest,
} from './format/manifest';
export type { ModelManifest, JsonValue, JsonObject } from './format/manifest';
export { readModelDir, readModelDirWith, writeModelDir, isModelDir, modelFiles } from './format/model-dir';
export type { ModelFiles, ManifestWithWeights, SaveOptions } from './format/model-dir';
export { recoverModelDir } from './format/recovery';
export { MODEL_LIMITS } from './format/limits';
export { ScoringPool, builtScoreWorker } from './pool/scoring-pool';
export type { ScoringPoolOptions } from './pool/scoring-pool';
