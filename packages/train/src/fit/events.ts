/** Reported after every training step ('step') and after every epoch ('epoch'). Epochs and steps count from 1. */
export interface ProgressEvent {
  type: 'step' | 'epoch';
  epoch: number;
  epochs: number;
  step: number;
  stepsPerEpoch: number;
  /** 'step': this step's loss; 'epoch': the epoch's mean training loss (weighted by batch size). */
  loss: number;
  /** Epoch events with validation. */
  valLoss?: number;
  /** Scalar metrics returned by buildLoss (epoch means on epoch events; "val/..." for validation). */
  metrics: Record<string, number>;
  /** Samples per second this epoch so far. */
  samplesPerSec: number;
  /** Estimated seconds to the end of the fit at the current speed. */
  etaSeconds: number;
  elapsedSeconds: number;
}

/** Summary of one epoch, also handed to checkpoint callbacks. */
export interface EpochLogs {
  epoch: number;
  loss: number;
  valLoss?: number;
  metrics: Record<string, number>;
}

export interface FitHistory {
  /** Mean training loss per epoch. */
  loss: number[];
  /** Validation loss per epoch (empty without validation). */
  valLoss: number[];
  /** Per-epoch means of buildLoss's metrics ("val/<name>" for validation). */
  metrics: Record<string, number[]>;
  /** Epochs completed. */
  epochs: number;
  stoppedEarly: boolean;
  /** Epoch (from 1) with the best monitored loss; its weights are the ones kept when restoreBest. */
  bestEpoch: number;
  bestLoss: number;
}
