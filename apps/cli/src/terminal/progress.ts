import type { Output } from './output';

export interface ProgressUpdate {
  done: number;
  total: number;
  /** Extra text, e.g. "loss 0.1234". */
  detail?: string;
}

function fmtSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.round(s)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}

/**
 * A progress bar with ETA on a TTY (redrawn in place on stderr); plain progress lines
 * otherwise, at most one every `plainEveryMs`, so logs stay readable. Silent when `quiet`.
 */
export class Progress {
  private readonly start = Date.now();
  private lastPlain = 0;
  private lastWidth = 0;

  constructor(
    private readonly io: Output,
    private readonly label: string,
    private readonly options: { quiet?: boolean; plainEveryMs?: number } = {},
  ) {}

  update(u: ProgressUpdate): void {
    if (this.options.quiet) return;
    const elapsed = (Date.now() - this.start) / 1000;
    const frac = u.total > 0 ? Math.min(1, u.done / u.total) : 0;
    const eta = frac > 0 ? (elapsed / frac) * (1 - frac) : NaN;
    const pct = `${Math.floor(frac * 100)}`.padStart(3);
    const tail = `${pct}% ${u.done}/${u.total} ETA ${fmtSeconds(eta)}${u.detail ? ` ${u.detail}` : ''}`;
    if (this.io.isTTY) {
      const width = 24;
      const filled = Math.round(frac * width);
      const line = `${this.label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${tail}`;
      this.io.write('\r' + line.padEnd(this.lastWidth));
      this.lastWidth = line.length;
      return;
    }
    const now = Date.now();
    if (now - this.lastPlain >= (this.options.plainEveryMs ?? 2000) || u.done >= u.total) {
      this.lastPlain = now;
      this.io.err(`${this.label}: ${tail}`);
    }
  }

  finish(message?: string): void {
    if (this.options.quiet) return;
    const elapsed = fmtSeconds((Date.now() - this.start) / 1000);
    if (this.io.isTTY) this.io.write('\r' + ' '.repeat(this.lastWidth) + '\r');
    this.io.err(`${this.label}: done in ${elapsed}${message ? ` — ${message}` : ''}`);
  }
}
