import type { A3Phase, A3ProgressEvent } from '@a3/model';
import type { Output } from './output';
import { Progress } from './progress';

const LABELS: Record<A3Phase, string> = {
  target: 'target network',
  anomaly: 'anomaly network',
  alarm: 'alarm network',
};

/**
 * One progress bar per training phase (target, anomaly, alarm), fed by A3Detector's progress
 * events; each phase's bar finishes with its last epoch's loss.
 */
export class TrainingProgress {
  private phase: A3Phase | undefined;
  private bar: Progress | undefined;
  private lastLoss: number | undefined;

  constructor(
    private readonly io: Output,
    private readonly quiet = false,
  ) {}

  readonly onProgress = (e: A3ProgressEvent): void => {
    if (e.phase !== this.phase) {
      this.finishPhase();
      this.phase = e.phase;
      this.bar = new Progress(this.io, `training ${LABELS[e.phase]}`, { quiet: this.quiet });
    }
    const total = e.epochs * e.stepsPerEpoch;
    const done = (e.epoch - 1) * e.stepsPerEpoch + e.step;
    // The epoch event repeats the last step's position: keep its mean loss for the summary only.
    if (e.type === 'epoch') {
      this.lastLoss = e.loss;
      return;
    }
    this.bar!.update({
      done,
      total,
      detail: `epoch ${e.epoch}/${e.epochs} loss ${e.loss.toFixed(4)}`,
    });
  };

  finish(): void {
    this.finishPhase();
  }

  private finishPhase(): void {
    if (!this.bar) return;
    this.bar.finish(this.lastLoss !== undefined ? `loss ${this.lastLoss.toFixed(4)}` : undefined);
    this.bar = undefined;
    this.lastLoss = undefined;
  }
}
