import {
  DataError,
  formatShape,
  InvalidArgumentError,
  Rng,
  ShapeError,
  TensorData,
  type Feeds,
} from '@a3/core';

/** Arrays with one row per sample; extra named arrays become extra graph inputs. */
export interface FitData {
  x: TensorData;
  y?: TensorData;
  /** Per-sample weights [N] (or [N, 1]). */
  sampleWeight?: TensorData;
  /** More per-sample inputs, fed by name. */
  extra?: Record<string, TensorData>;
}

/** Class label → weight; labels are read from y ([N] or [N, 1]) and rounded. */
export type ClassWeights = Record<number, number> | readonly number[];

export function toFeeds(data: FitData): Feeds {
  const feeds: Feeds = { x: data.x };
  if (data.y) feeds.y = data.y;
  if (data.sampleWeight) {
    const w = data.sampleWeight;
    feeds.sampleWeight = w.rank === 2 && w.shape[1] === 1 ? w.reshape([w.shape[0]]) : w;
  }
  for (const [k, v] of Object.entries(data.extra ?? {})) {
    if (k in feeds) throw new InvalidArgumentError(`extra input "${k}" clashes with a built-in input name.`);
    feeds[k] = v;
  }
  const n = data.x.shape[0];
  for (const [k, v] of Object.entries(feeds)) {
    if (v.rank < 1 || v.shape[0] !== n) {
      throw new ShapeError(
        `"${k}" has ${formatShape(v.shape)} but x has ${n} rows; every array needs one row per sample.`,
      );
    }
  }
  if (feeds.sampleWeight && (feeds.sampleWeight.rank !== 1 || feeds.sampleWeight.dtype !== 'float32')) {
    throw new ShapeError(
      `sampleWeight must be float32 [N] or [N, 1]; got ${formatShape(data.sampleWeight!.shape)}.`,
    );
  }
  return feeds;
}

export function rowCount(feeds: Feeds): number {
  return feeds.x.shape[0];
}

/** Multiplies class weights (by y's label) into the feeds' sampleWeight. */
export function applyClassWeights(feeds: Feeds, classWeights: ClassWeights): Feeds {
  const y = feeds.y;
  if (!y) throw new InvalidArgumentError('classWeights need labels: pass data.y.');
  if (!(y.rank === 1 || (y.rank === 2 && y.shape[1] === 1))) {
    throw new ShapeError(
      `classWeights need one label per sample (y [N] or [N, 1]); got y ${formatShape(y.shape)}.`,
    );
  }
  const n = y.shape[0];
  const w = new Float32Array(n);
  const base = feeds.sampleWeight?.data;
  for (let i = 0; i < n; i++) {
    const label = Math.round(Number(y.data[i]));
    const cw = (classWeights as Record<number, number>)[label];
    if (cw === undefined) {
      throw new DataError(
        `Sample ${i} has label ${label} but classWeights has no entry for it; give a weight for every class.`,
      );
    }
    w[i] = cw * (base ? Number(base[i]) : 1);
  }
  return { ...feeds, sampleWeight: TensorData.float32([n], w) };
}

/** Rows [start, end) of the given order, of every array. */
export function batchOf(feeds: Feeds, order: Int32Array | null, start: number, end: number): Feeds {
  const out: Feeds = {};
  const idx = order ? order.subarray(start, end) : null;
  for (const [k, v] of Object.entries(feeds)) out[k] = idx ? v.gatherRows(idx) : v.sliceRows(start, end);
  return out;
}

/** Splits off a seeded random `fraction` of the rows for validation. */
export function splitValidation(
  feeds: Feeds,
  fraction: number,
  seed: number,
): { train: Feeds; validation: Feeds } {
  if (!(fraction > 0 && fraction < 1)) {
    throw new InvalidArgumentError(`validation fraction must be in (0, 1); got ${fraction}.`);
  }
  const n = rowCount(feeds);
  const nVal = Math.round(n * fraction);
  if (nVal < 1 || nVal >= n) {
    throw new InvalidArgumentError(
      `validation fraction ${fraction} of ${n} samples leaves an empty split; use more data or another fraction.`,
    );
  }
  const perm = new Rng(seed).permutation(n);
  const val = perm.slice(0, nVal).sort();
  const train = perm.slice(nVal).sort();
  return { train: batchOf(feeds, train, 0, train.length), validation: batchOf(feeds, val, 0, val.length) };
}
