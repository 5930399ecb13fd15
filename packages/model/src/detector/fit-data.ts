import { InvalidArgumentError, type TensorData } from '@a3/core';
import type { JsonValue } from '../format/manifest';
import type { TargetNetwork } from '../targets/target';

/** The value as plain JSON (what a3.json stores), or a clear error when it cannot be. */
export function asJson(value: unknown, what: string): JsonValue {
  if (value === undefined || value === null) return null;
  try {
    return JSON.parse(JSON.stringify(value)) as JsonValue;
  } catch (err) {
    throw new InvalidArgumentError(
      `detector.${what} must be JSON-serialisable to be saved (${(err as Error).message}). Store its toJSON() output.`,
    );
  }
}

/**
 * With preprocessing 'none', the normal rows must lie in the range the target's loss assumes:
 * BCE against values above 1 has no minimum, so training "improves" a loss of −10^5 and every
 * score collapses to one value, silently.
 */
export function checkInputRange(
  target: TargetNetwork,
  name: string,
  x: TensorData<'float32'>,
  rows: Int32Array,
): void {
  const range = target.inputRange;
  if (!range) return;
  const [lo, hi] = range;
  const tol = 1e-6 * Math.max(1, hi - lo);
  const width = x.size / x.shape[0];
  const data = x.data as Float32Array;
  for (const r of rows) {
    for (let j = 0; j < width; j++) {
      const v = data[r * width + j];
      if (v < lo - tol || v > hi + tol) {
        throw new InvalidArgumentError(
          `train.x row ${r}, value ${j} is ${v}, outside [${lo}, ${hi}], the range target "${name}" reconstructs ` +
            `(a sigmoid output with BCE loss cannot fit it: the loss falls without bound and every score ends alike). ` +
            `Drop preprocessing: 'none' so the detector min-max scales x itself (the default), or scale x into [${lo}, ${hi}].`,
        );
      }
    }
  }
}

export function rowsWhere(y: Uint8Array, label: 0 | 1): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < y.length; i++) if (y[i] === label) out.push(i);
  return Int32Array.from(out);
}
