import type { ProgressEvent } from './events';

const now = () => performance.now() / 1000;

/** Where an epoch stands, as progress events report it. */
export interface EpochPlan {
  readonly epoch: number;
  /** The epochs this fit is expected to run (under a step budget: as of this epoch). */
  readonly epochs: number;
  /** Rows this epoch batches (a budget's last epoch is cut short). */
  readonly rows: number;
  readonly stepsPerEpoch: number;
}

/** What an event reports besides the plan: the step's or the epoch's numbers. */
export type ProgressReport = Pick<ProgressEvent, 'type' | 'step' | 'loss' | 'valLoss' | 'metrics'>;

/**
 * Times the fit and its epochs and turns reports into progress events with speed and ETA:
 * samples per second this epoch so far, and the rows still to go at that speed (the rest of the
 * epoch and the epochs after it, or what is left of a step budget).
 */
export class FitProgress {
  private readonly start = now();
  private epochStart = 0;

  constructor(
    private readonly listener: ((event: ProgressEvent) => void | Promise<void>) | undefined,
    private readonly batchSize: number,
    private readonly budget: number | undefined,
  ) {}

  get enabled(): boolean {
    return this.listener !== undefined;
  }

  beginEpoch(): void {
    this.epochStart = now();
  }

  /** Sends one event; `seen` rows of this epoch and `stepsDone` steps of the fit are done. */
  async report(plan: EpochPlan, report: ProgressReport, seen: number, stepsDone: number): Promise<void> {
    if (!this.listener) return;
    const elapsed = now() - this.epochStart;
    const rate = seen / Math.max(elapsed, 1e-9);
    const remaining =
      this.budget === undefined
        ? plan.rows - seen + (plan.epochs - plan.epoch) * plan.rows
        : (this.budget - stepsDone) * this.batchSize;
    await this.listener({
      type: report.type,
      epoch: plan.epoch,
      epochs: plan.epochs,
      step: report.step,
      stepsPerEpoch: plan.stepsPerEpoch,
      loss: report.loss,
      ...(report.type === 'epoch' ? { valLoss: report.valLoss } : {}),
      metrics: report.metrics,
      samplesPerSec: rate,
      etaSeconds: remaining / rate,
      elapsedSeconds: now() - this.start,
    });
  }
}
