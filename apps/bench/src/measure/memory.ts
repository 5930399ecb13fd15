import { readFileSync, writeFileSync } from 'node:fs';

const STATUS = '/proc/self/status';
const CLEAR_REFS = '/proc/self/clear_refs';

function readHwmBytes(): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(STATUS, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Peak resident set size over a window of work (one workload on one backend).
 *
 * On Linux the kernel tracks the peak (VmHWM) and lets a process reset it by writing "5" to
 * /proc/self/clear_refs, so native allocations inside a kernel call (TensorFlow, ONNX
 * Runtime, the wasm heap) are caught even though JavaScript cannot sample during them.
 * Elsewhere the peak is the largest RSS seen at the sample points (after every repetition).
 * Either way it is the whole process's RSS: what the workload needs plus what earlier ones
 * left resident (the wasm heap, for one, never shrinks).
 */
export class PeakRss {
  private sampled = 0;
  private kernelPeak: boolean;

  constructor() {
    this.kernelPeak = readHwmBytes() !== undefined;
  }

  /** Starts a new window. */
  reset(): void {
    this.sampled = process.memoryUsage.rss();
    if (!this.kernelPeak) return;
    try {
      writeFileSync(CLEAR_REFS, '5');
    } catch {
      this.kernelPeak = false; // not permitted here: fall back to sampling
    }
  }

  sample(): void {
    this.sampled = Math.max(this.sampled, process.memoryUsage.rss());
  }

  /** Peak bytes since reset(). */
  peakBytes(): number {
    this.sample();
    const hwm = this.kernelPeak ? readHwmBytes() : undefined;
    return Math.max(this.sampled, hwm ?? 0);
  }
}
