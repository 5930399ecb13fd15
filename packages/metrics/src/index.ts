export type { Labels, Scores } from './input/binary-input';
export { rocCurve, rocAuc, type RocCurve, type RocCurveOptions } from './roc/roc';
export {
  precisionRecallCurve,
  averagePrecision,
  type PrecisionRecallCurve,
  type PrecisionRecallCurveOptions,
} from './precision-recall/precision-recall';
export { confusionAt, type Confusion } from './confusion/confusion';
export { thresholdByContamination, thresholdBestF1, thresholdForFpr } from './threshold/thresholds';
