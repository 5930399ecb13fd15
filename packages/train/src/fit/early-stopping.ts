import type { TensorData } from '@a3/core';
import type { EpochLogs, FitHistory } from './events';
import type { EarlyStoppingOptions } from './options';

/**
 * Tracks the best epoch by the monitored loss (always, for history.bestEpoch/bestLoss) and, with
 * early stopping, counts epochs without improvement and keeps the best epoch's weights to restore.
 */
export class EarlyStopping {
  private wait = 0;
  private best: Record<string, TensorData> | undefined;

  constructor(
    private readonly options: EarlyStoppingOptions | undefined,
    private readonly monitor: 'loss' | 'valLoss',
  ) {}

  /**
   * Records the epoch's monitored loss in `history`; returns true when training should stop.
   * `readWeights` is called only on an improvement that restoreBest will need.
   */
  async update(
    history: FitHistory,
    logs: EpochLogs,
    readWeights: () => Promise<Record<string, TensorData>>,
  ): Promise<boolean> {
    const es = this.options;
    const monitored = this.monitor === 'valLoss' ? logs.valLoss! : logs.loss;
    if (monitored < history.bestLoss - (es?.minDelta ?? 0) || history.bestEpoch === 0) {
      history.bestLoss = monitored;
      history.bestEpoch = logs.epoch;
      this.wait = 0;
      if (es && (es.restoreBest ?? true)) this.best = await readWeights();
      return false;
    }
    return es !== undefined && ++this.wait >= es.patience;
  }

  /** Puts the best epoch's weights back when a later epoch was the last one run. */
  async restore(
    history: FitHistory,
    writeWeights: (weights: Record<string, TensorData>) => Promise<void>,
  ): Promise<void> {
    if (this.best && history.bestEpoch !== history.epochs) await writeWeights(this.best);
  }
}
