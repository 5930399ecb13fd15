import type { DetectorProgress } from '@a3/model';
import type { Output } from '../terminal/output';
import { Progress } from '../terminal/progress';

/** Steps of a progress bar fed by fractions. */
const STEPS = 1000;

/** The position of an event: its fraction, or epoch/step counters (A3Detector's events carry those). */
function fractionOf(e: DetectorProgress): number | undefined {
  if (typeof e.fraction === 'number') return e.fraction;
  const c = e as DetectorProgress & {
    epoch?: unknown;
    epochs?: unknown;
    step?: unknown;
    stepsPerEpoch?: unknown;
  };
  if (
    typeof c.epoch === 'number' &&
    typeof c.epochs === 'number' &&
    typeof c.step === 'number' &&
    typeof c.stepsPerEpoch === 'number' &&
    c.epochs * c.stepsPerEpoch > 0
  ) {
    return ((c.epoch - 1) * c.stepsPerEpoch + c.step) / (c.epochs * c.stepsPerEpoch);
  }
  return undefined;
}

/** One progress bar per fit phase of a detector, on stderr, labelled "<label> <phase>". */
export class FitProgress {
  private phase: string | undefined;
  private bar: Progress | undefined;
  private done = -1;

  constructor(
    private readonly io: Output,
    private readonly label: string,
  ) {}

  readonly onProgress = (e: DetectorProgress): void => {
    if (e.phase !== this.phase) {
      this.finish();
      this.phase = e.phase;
      this.bar = new Progress(this.io, `${this.label} ${e.phase}`);
    }
    const f = fractionOf(e);
    if (f === undefined || !this.bar) return;
    const done = Math.round(Math.min(1, Math.max(0, f)) * STEPS);
    // End-of-epoch events repeat the last step's position; one line per position is enough.
    if (done === this.done) return;
    this.done = done;
    this.bar.update({ done, total: STEPS, ...(e.message ? { detail: e.message } : {}) });
  };

  finish(): void {
    this.bar?.finish();
    this.bar = undefined;
    this.phase = undefined;
    this.done = -1;
  }
}
