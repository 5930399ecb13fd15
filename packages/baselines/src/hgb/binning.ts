import { Rng } from '@a3/core';

/** Features read together from row-major data (a cache line of float32 values and then some). */
const FEATURE_BLOCK = 32;

/** Above this many distinct values a column is sorted instead of hashed to find them. */
const HASHED_DISTINCT = 4096;

/** scikit-learn's _BinMapper subsample: quantiles are computed on at most this many rows. */
export const BINNING_SUBSAMPLE = 200_000;

/**
 * The bin thresholds of one feature as scikit-learn's `_find_binning_thresholds` computes them
 * (HistGradientBoosting, sample weights given): with at most `maxBins` distinct values, the
 * midpoints of consecutive distinct values; else the weighted 'averaged_inverted_cdf' percentiles
 * at k / maxBins, k = 1..maxBins − 1 (`_weighted_percentile(..., average=True)`), deduplicated.
 * A value x falls in bin i when thresholds[i − 1] < x <= thresholds[i]. A constant feature has
 * no threshold (one bin, never split).
 *
 * `values` are the column's values (float64 of the float32 data, as scikit-learn's X_DTYPE);
 * `weights` one positive weight per value (null: all 1).
 */
export function binThresholds(
  values: Float64Array,
  weights: Float64Array | null,
  maxBins: number,
): Float64Array {
  let unique = distinctUpTo(values, Math.max(maxBins, HASHED_DISTINCT));
  if (unique === null) {
    const sorted = Float64Array.from(values).sort();
    let m = 0;
    for (let i = 0; i < sorted.length; i++)
      if (i === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i];
    unique = sorted.slice(0, m);
  }
  const distinct = unique.length;
  if (distinct <= 1) return new Float64Array(0);
  if (distinct <= maxBins) {
    const mid = new Float64Array(distinct - 1);
    for (let i = 0; i < mid.length; i++) mid[i] = (unique[i] + unique[i + 1]) / 2;
    return mid;
  }
  // The rows in value order (ties in row order: a counting sort on each row's distinct value),
  // then the weighted CDF row by row, summed in that order as scikit-learn's cumsum does: where
  // a rank lands exactly on a step depends on those float64 sums.
  const block = new Int32Array(values.length);
  const start = new Int32Array(distinct + 1);
  for (let i = 0; i < values.length; i++) {
    block[i] = lowerBound(unique, values[i]);
    start[block[i] + 1]++;
  }
  for (let k = 0; k < distinct; k++) start[k + 1] += start[k];
  const order = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) order[start[block[i]]++] = i;
  const cdf = new Float64Array(values.length);
  let total = 0;
  for (let j = 0; j < order.length; j++) cdf[j] = total += weights ? weights[order[j]] : 1;
  const last = order.length - 1;
  const out: number[] = [];
  // np.linspace(0, 100, maxBins + 1)[1:-1], then p / 100 * total as _weighted_percentile does.
  const step = 100 / maxBins;
  for (let p = 1; p < maxBins; p++) {
    const rank = ((p * step) / 100) * total;
    // searchsorted(cdf, rank, side='left'): the first row whose CDF reaches the rank.
    const j = Math.min(lowerBound(cdf, rank), last);
    const v = values[order[j]];
    // 'averaged_inverted_cdf': a rank that lands exactly on a CDF step averages that row's value
    // and the next row's (scikit-learn's `fraction_above > eps` test).
    out.push(cdf[j] - rank > Number.EPSILON ? v : (v + values[order[Math.min(j + 1, last)]]) / 2);
  }
  const thresholds = Float64Array.from(out);
  // np.unique: percentiles of a value held by many rows repeat.
  let m = 0;
  for (let i = 0; i < thresholds.length; i++)
    if (m === 0 || thresholds[i] !== thresholds[m - 1]) thresholds[m++] = thresholds[i];
  return thresholds.slice(0, m);
}

const f64 = new Float64Array(1);
const f64Words = new Uint32Array(f64.buffer);

/**
 * The distinct values, sorted, when there are at most `limit` of them, else null: one pass with a
 * small open-addressing hash set, cheaper than sorting the column for the many features (pixels,
 * counts, flags) with few values.
 */
function distinctUpTo(values: Float64Array, limit: number): Float64Array | null {
  let size = 16;
  while (size < 4 * limit) size *= 2;
  const mask = size - 1;
  const table = new Float64Array(size);
  const used = new Uint8Array(size);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] === 0 ? 0 : values[i]; // -0 and 0 are one value, as in np.unique
    f64[0] = v;
    let slot = Math.imul(f64Words[0] ^ Math.imul(f64Words[1], 0x9e3779b1), 0x85ebca6b) >>> 0;
    slot = (slot ^ (slot >>> 15)) & mask;
    while (used[slot] && table[slot] !== v) slot = (slot + 1) & mask;
    if (used[slot]) continue;
    if (++count > limit) return null;
    used[slot] = 1;
    table[slot] = v;
  }
  const out = new Float64Array(count);
  for (let s = 0, k = 0; s < size; s++) if (used[s]) out[k++] = table[s];
  return out.sort();
}

/** Index of the first element of sorted `a` that is >= v (a.length when none). */
export function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The binning of every feature, fitted on the training rows. */
export interface BinMapper {
  /** thresholds[f]: bin thresholds of feature f (see binThresholds). */
  thresholds: Float64Array[];
  /** Bins feature f uses: thresholds[f].length + 1 (1 = constant, never split). */
  nBins: Int32Array;
}

/**
 * Fits the bin thresholds on the rows of x [n, d] (row-major float32) with their weights, as
 * scikit-learn's `_BinMapper.fit`: above BINNING_SUBSAMPLE rows, the quantiles come from that many
 * rows drawn with replacement in proportion to the weights (then unweighted), seeded by `rng`.
 */
export function fitBinMapper(
  x: Float32Array,
  n: number,
  d: number,
  weights: Float64Array,
  maxBins: number,
  rng: Rng,
): BinMapper {
  let rows: Int32Array | null = null;
  let w: Float64Array | null = weights;
  if (n > BINNING_SUBSAMPLE) {
    rows = weightedDraws(weights, BINNING_SUBSAMPLE, rng);
    w = null;
  }
  const m = rows ? rows.length : n;
  const thresholds: Float64Array[] = [];
  const nBins = new Int32Array(d);
  // Features in blocks: each row's values of a block are read at once (one pass over the
  // row-major data per block, not per feature).
  const columns = Array.from({ length: Math.min(FEATURE_BLOCK, d) }, () => new Float64Array(m));
  for (let f0 = 0; f0 < d; f0 += FEATURE_BLOCK) {
    const width = Math.min(FEATURE_BLOCK, d - f0);
    for (let i = 0; i < m; i++) {
      const base = (rows ? rows[i] : i) * d + f0;
      for (let j = 0; j < width; j++) columns[j][i] = x[base + j];
    }
    for (let j = 0; j < width; j++) {
      const t = binThresholds(columns[j], w, maxBins);
      thresholds.push(t);
      nBins[f0 + j] = t.length + 1;
    }
  }
  return { thresholds, nBins };
}

/** `count` row indices drawn with replacement, row i with probability weights[i] / Σ weights. */
function weightedDraws(weights: Float64Array, count: number, rng: Rng): Int32Array {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) cumulative[i] = total += weights[i];
  const out = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const r = rng.next() * total;
    let lo = 0;
    let hi = weights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] <= r) lo = mid + 1;
      else hi = mid;
    }
    out[k] = lo;
  }
  return out;
}

/**
 * The bin of every value of x [n, d], column-major (feature f's bins at [f·n, (f + 1)·n)), so a
 * histogram pass reads one feature contiguously: bin = number of thresholds below the value.
 */
export function binColumns(x: Float32Array, n: number, d: number, mapper: BinMapper): Uint8Array {
  const out = new Uint8Array(n * d);
  for (let f0 = 0; f0 < d; f0 += FEATURE_BLOCK) {
    const f1 = Math.min(d, f0 + FEATURE_BLOCK);
    for (let i = 0; i < n; i++) {
      const row = i * d;
      for (let f = f0; f < f1; f++) {
        const t = mapper.thresholds[f];
        if (t.length === 0) continue; // every value in bin 0
        const v = x[row + f];
        let lo = 0;
        let hi = t.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (t[mid] < v) lo = mid + 1;
          else hi = mid;
        }
        out[f * n + i] = lo;
      }
    }
  }
  return out;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * The largest float32 that is <= t. A float32 input x satisfies x <= t exactly when it satisfies
 * x <= float32AtMost(t), so a bin threshold stored as float32 sends every float32 row the way the
 * float64 threshold did (rounding to nearest could put a midpoint onto the value above it).
 */
export function float32AtMost(t: number): number {
  const r = Math.fround(t);
  if (r <= t) return r;
  f32[0] = r;
  if (r > 0) u32[0] -= 1;
  else if (r < 0) u32[0] += 1;
  else return -Math.pow(2, -149); // t in (-2^-150, 0): the negative subnormal just below 0
  return f32[0];
}
