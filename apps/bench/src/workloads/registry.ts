import { fitNslKdd } from './fit-nsl-kdd';
import { inferB1024, latencyB1 } from './inference';
import { alarmFitSteps, alarmTrainStep, convTrainStep, targetTrainStep } from './train-steps';
import type { Workload, WorkloadId } from './workload';

export const WORKLOADS: Readonly<Record<WorkloadId, Workload>> = {
  'alarm-train-step': alarmTrainStep,
  'alarm-fit-steps': alarmFitSteps,
  'target-train-step': targetTrainStep,
  'conv-train-step': convTrainStep,
  'infer-b1024': inferB1024,
  'latency-b1': latencyB1,
  'fit-nsl-kdd': fitNslKdd,
};
