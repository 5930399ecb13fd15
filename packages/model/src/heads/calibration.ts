import { FormatError, InvalidArgumentError } from '@a3/core';

/** Height of the tail beyond the calibration maximum: F = 1 + TAIL · log1p((s − max) / spread). */
export const CALIBRATION_TAIL = 0.1;

/** A calibrator as a3.json stores it: the held-out normals' scores, ascending. */
export interface CalibratorJSON {
  scores: number[];
}

/**
 * One component's score distribution on held-out normals, as a monotone map of its scores to a
 * common scale, so scores of different detectors (a probability, a LOF ratio) can be averaged
 * per row. For calibration scores c₁ ≤ … ≤ cₙ with distinct values v₁ < … < vₘ:
 *
 * - F(vₖ) = (#{c < vₖ} + ½ · #{c = vₖ}) / n (the mid-rank share of normals below, so ties
 *   count half), linear between neighbouring vₖ;
 * - beyond the largest normal, F(s) = 1 + TAIL · log1p((s − vₘ) / spread): rows beyond every
 *   normal (most anomalies) still rank among themselves, but the tail grows slowly, so one
 *   component's extreme score does not outvote the others;
 * - below the smallest, F(s) = F(v₁) / (1 + (v₁ − s) / spread), in (0, F(v₁)].
 *
 * spread = vₘ − median(c) (the upper half of the normals' range), or vₘ − v₁ when that is 0,
 * or 1e-6 · max(1, |vₘ|) when all scores are equal. Computed in float64.
 */
export class Calibrator {
  private constructor(
    /** Distinct calibration scores, ascending. */
    private readonly values: Float64Array,
    /** F at each of them. */
    private readonly shares: Float64Array,
    readonly spread: number,
    private readonly sorted: Float64Array,
  ) {}

  /** Fits on the scores of held-out normal rows (at least one, all finite). */
  static fit(scores: ArrayLike<number>): Calibrator {
    const n = scores.length;
    if (n === 0) throw new InvalidArgumentError('Calibrator.fit needs at least one score.');
    const sorted = Float64Array.from(scores).sort();
    if (!sorted.every(Number.isFinite)) {
      throw new InvalidArgumentError('Calibrator.fit: every calibration score must be a finite number.');
    }
    const values: number[] = [];
    const shares: number[] = [];
    for (let i = 0; i < n;) {
      let j = i;
      while (j < n && sorted[j] === sorted[i]) j++;
      values.push(sorted[i]);
      shares.push((i + 0.5 * (j - i)) / n);
      i = j;
    }
    const max = sorted[n - 1];
    const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    let spread = max - median;
    if (!(spread > 0)) spread = max - sorted[0];
    if (!(spread > 0)) spread = 1e-6 * Math.max(1, Math.abs(max));
    return new Calibrator(Float64Array.from(values), Float64Array.from(shares), spread, sorted);
  }

  /** F(s) (see the class comment): [0, 1] within the normals' range, a little above 1 beyond it. */
  cdf(s: number): number {
    const v = this.values;
    const p = this.shares;
    const m = v.length;
    if (s > v[m - 1]) return 1 + CALIBRATION_TAIL * Math.log1p((s - v[m - 1]) / this.spread);
    if (s < v[0]) return p[0] / (1 + (v[0] - s) / this.spread);
    // The largest k with v[k] <= s.
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (v[mid] <= s) lo = mid;
      else hi = mid - 1;
    }
    if (v[lo] === s || lo === m - 1) return p[lo];
    return p[lo] + ((p[lo + 1] - p[lo]) * (s - v[lo])) / (v[lo + 1] - v[lo]);
  }

  /** Number of calibration scores it was fitted on. */
  get rows(): number {
    return this.sorted.length;
  }

  toJSON(): CalibratorJSON {
    return { scores: Array.from(this.sorted) };
  }

  static fromJSON(value: unknown, source: string, what: string): Calibrator {
    const scores = (value as { scores?: unknown } | null)?.scores;
    if (
      !Array.isArray(scores) ||
      scores.length === 0 ||
      !scores.every((s) => typeof s === 'number' && Number.isFinite(s))
    ) {
      throw new FormatError(
        `${source}: ${what} must be { scores: [finite numbers, at least one] }; the file is corrupt.`,
      );
    }
    return Calibrator.fit(scores as number[]);
  }
}
