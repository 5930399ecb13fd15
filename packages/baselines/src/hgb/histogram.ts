/**
 * Gradient histograms of one node: for every feature and bin, the sums of the gradients and
 * hessians and the count of the node's rows in that bin, as one flat Float64Array of triples
 * (scikit-learn's hist_struct: float64 sums of float32 gradients). Feature f's bins start at
 * triple `offset[f]`; a feature with one bin (constant) is never split and never summed.
 */
export class HistogramLayout {
  /** First triple of feature f. */
  readonly offset: Int32Array;
  /** Float64 values per histogram (3 per bin). */
  readonly size: number;
  /** Features with at least two bins: the only ones a split can use. */
  readonly splittable: Int32Array;

  constructor(readonly nBins: Int32Array) {
    this.offset = new Int32Array(nBins.length);
    let total = 0;
    const splittable: number[] = [];
    for (let f = 0; f < nBins.length; f++) {
      this.offset[f] = total;
      total += nBins[f];
      if (nBins[f] >= 2) splittable.push(f);
    }
    this.size = 3 * total;
    this.splittable = Int32Array.from(splittable);
  }
}

/**
 * Histograms reused across nodes and trees: a grower holds at most one per splittable node plus
 * the two of a split in progress, so a handful of buffers serve the whole fit.
 */
export class HistogramPool {
  private readonly free: Float64Array[] = [];

  constructor(private readonly size: number) {}

  take(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.size);
  }

  give(h: Float64Array): void {
    this.free.push(h);
  }
}

/**
 * Sums the histogram of rows `rows[start, end)` (scikit-learn's compute_histograms_brute): the
 * gradients are gathered once in partition order, then each feature's bins are read contiguously
 * from the column-major binned data. Rows are summed in partition order, as scikit-learn does.
 * `all` = the rows are 0..n−1 in order (the root), which skips the indirection.
 */
export function buildHistogram(
  out: Float64Array,
  layout: HistogramLayout,
  binned: Uint8Array,
  n: number,
  gradients: Float32Array,
  hessians: Float32Array,
  rows: Int32Array,
  start: number,
  end: number,
  all: boolean,
  orderedG: Float32Array,
  orderedH: Float32Array,
): void {
  const { offset, splittable } = layout;
  const m = end - start;
  if (!all) {
    for (let i = 0; i < m; i++) {
      const r = rows[start + i];
      orderedG[i] = gradients[r];
      orderedH[i] = hessians[r];
    }
  }
  const g = all ? gradients : orderedG;
  const h = all ? hessians : orderedH;
  for (let s = 0; s < splittable.length; s++) {
    const f = splittable[s];
    const base = f * n;
    const o = 3 * offset[f];
    out.fill(0, o, o + 3 * layout.nBins[f]);
    if (all) {
      for (let i = 0; i < m; i++) {
        const k = o + 3 * binned[base + i];
        out[k] += g[i];
        out[k + 1] += h[i];
        out[k + 2] += 1;
      }
    } else {
      for (let i = 0; i < m; i++) {
        const k = o + 3 * binned[base + rows[start + i]];
        out[k] += g[i];
        out[k + 1] += h[i];
        out[k + 2] += 1;
      }
    }
  }
}

/**
 * The histogram trick: a parent's histogram minus its smaller child's is its larger child's
 * (computed in place in the parent's buffer, which the larger child then owns).
 */
export function subtractHistogram(parent: Float64Array, child: Float64Array, layout: HistogramLayout): void {
  const { offset, splittable, nBins } = layout;
  for (let s = 0; s < splittable.length; s++) {
    const f = splittable[s];
    const end = 3 * (offset[f] + nBins[f]);
    for (let k = 3 * offset[f]; k < end; k++) parent[k] -= child[k];
  }
}

/**
 * Σ a[start + i·stride], i < n, in numpy's pairwise order (np.sum of float64: blocks of up to 128
 * summed with 8 accumulators, larger ranges halved at multiples of 8), so totals scikit-learn
 * takes with np.sum round the same way.
 */
export function numpySum(a: Float64Array, start: number, n: number, stride = 1): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i * stride];
    return res;
  }
  if (n <= 128) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = a[start + j * stride];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[start + (i + j) * stride];
    let res = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) res += a[start + i * stride];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return numpySum(a, start, n2, stride) + numpySum(a, start + n2 * stride, n - n2, stride);
}
