import { Graph, TensorData, ops, type Backend, type Executable } from '@a3/core';

/** Entries of one distance block [rows, n] (float32): bounds the memory of a backend call. */
const BLOCK_ELEMENTS = 1 << 22;
const MAX_BLOCK_ROWS = 1024;
/** float32 unit roundoff. */
const U32 = 2 ** -24;

/** The k nearest training rows of each query row, nearest first. */
export interface Neighbours {
  k: number;
  /** [rows × k] training row indices. */
  index: Int32Array;
  /** [rows × k] Euclidean distances, exact in float64 from the float32 inputs. */
  distance: Float64Array;
}

/**
 * Exact k-nearest-neighbour search over a fixed training set. The backend computes float32
 * squared distances ||q||² − 2·q·tᵀ + ||t||² for blocks of query rows in one compiled graph (a
 * matrix product); JS then keeps every training row whose float32 distance lies within a proven
 * rounding bound of the k-th smallest, recomputes those directly in float64 and sorts them by
 * (distance, index). The result is what an exact float64 search returns, whatever the backend's
 * summation order: the bound covers it. Rows are centred on the training mean first, so large
 * offsets in the data do not widen the bound.
 */
export class NearestNeighbours {
  private exec: Executable | undefined;
  private readonly centred: Float32Array;
  private readonly mean: Float32Array;
  private readonly norms: Float64Array;
  private maxNorm = 0;

  /** @param train training rows [n × d], float32 (kept by reference). */
  constructor(
    private readonly backend: Backend,
    private readonly train: Float32Array,
    readonly n: number,
    readonly d: number,
  ) {
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += train[i * d + j];
    this.mean = Float32Array.from(mean, (s) => s / n);
    this.centred = this.centre(train, n);
    this.norms = squaredNorms(this.centred, n, d);
    for (const v of this.norms) if (v > this.maxNorm) this.maxNorm = v;
  }

  private centre(x: Float32Array, rows: number): Float32Array {
    const { d, mean } = this;
    const out = new Float32Array(rows * d);
    for (let i = 0; i < rows; i++) for (let j = 0; j < d; j++) out[i * d + j] = x[i * d + j] - mean[j];
    return out;
  }

  private async executable(): Promise<Executable> {
    if (!this.exec) {
      const g = new Graph('knn-distances');
      const q = g.input('q', [-1, this.d]);
      const t = g.variable('train', new TensorData([this.n, this.d], 'float32', this.centred), {
        trainable: false,
      });
      const tn = g.variable('trainNorms', TensorData.float32([1, this.n], this.norms), { trainable: false });
      const qn = ops.sum(ops.square(q), 1, true);
      const cross = ops.matMul(q, t, { transposeB: true });
      g.output('d2', ops.add(ops.sub(qn, ops.mul(cross, 2)), tn));
      this.exec = await this.backend.compile(g);
    }
    return this.exec;
  }

  /**
   * The k nearest training rows of each row of x [rows × d]. With `self` set, x is ignored: the
   * query is the training set itself and each row's own index is left out as scikit-learn's `kneighbors()` does: k + 1
   * are found and the row itself removed, or the first one when (among duplicates) it is not there.
   */
  async search(x: Float32Array, rows: number, k: number, self = false): Promise<Neighbours> {
    const { n, d } = this;
    const m = self ? k + 1 : k;
    const exec = await this.executable();
    const q = self ? this.centred : this.centre(x, rows);
    const original = self ? this.train : x;
    const qNorms = self ? this.norms : squaredNorms(q, rows, d);
    const index = new Int32Array(rows * k);
    const distance = new Float64Array(rows * k);
    const selector = new Selector(m);
    const blockRows = Math.max(1, Math.min(MAX_BLOCK_ROWS, Math.floor(BLOCK_ELEMENTS / n)));
    for (let b0 = 0; b0 < rows; b0 += blockRows) {
      const b1 = Math.min(rows, b0 + blockRows);
      const feed = new TensorData([b1 - b0, d], 'float32', q.subarray(b0 * d, b1 * d));
      const d2 = (await exec.run({ q: feed }, { outputs: ['d2'], updates: false })).d2.data as Float32Array;
      for (let r = b0; r < b1; r++) {
        // Rounding of centring, the three float32 terms and their sums (Cauchy–Schwarz bounds |q·t|),
        // counted for both the k-th distance and a candidate's: no true neighbour falls outside.
        const tol = (4 * d + 24) * U32 * (qNorms[r] + this.maxNorm);
        const found = selector.select(d2.subarray((r - b0) * n, (r - b0 + 1) * n), tol, (j) =>
          squaredDistance(original, r, this.train, j, d),
        );
        let skip = -1;
        if (self) {
          skip = 0;
          for (let s = 0; s < m; s++) if (found[s] === r) skip = s;
        }
        let o = r * k;
        for (let s = 0; s < m; s++) {
          if (s === skip) continue;
          index[o] = found[s];
          distance[o] = Math.sqrt(selector.exact[s]);
          o++;
        }
      }
    }
    return { k, index, distance };
  }

  /** Releases the compiled graph (search() compiles again when called). */
  dispose(): void {
    this.exec?.dispose();
    this.exec = undefined;
  }
}

function squaredNorms(x: Float32Array, rows: number, d: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += x[i * d + j] * x[i * d + j];
    out[i] = s;
  }
  return out;
}

/** Σ (a_i − b_i)² in float64 over row r of a and row j of b, feature by feature. */
function squaredDistance(a: Float32Array, r: number, b: Float32Array, j: number, d: number): number {
  let s = 0;
  const ar = r * d;
  const bj = j * d;
  for (let f = 0; f < d; f++) {
    const diff = a[ar + f] - b[bj + f];
    s += diff * diff;
  }
  return s;
}

/** Picks the m nearest of one row of float32 squared distances, refined in float64. */
class Selector {
  /** Max-heap of the m smallest float32 values seen. */
  private readonly heap: Float64Array;
  private candidates = new Int32Array(64);
  private candidateDist = new Float64Array(64);
  /** The exact squared distances of the last selection, in order. */
  readonly exact: Float64Array;
  private readonly order: number[] = [];

  constructor(private readonly m: number) {
    this.heap = new Float64Array(m);
    this.exact = new Float64Array(m);
  }

  select(row: Float32Array, tol: number, exact: (j: number) => number): Int32Array {
    const { m, heap } = this;
    const n = row.length;
    let size = 0;
    for (let j = 0; j < n; j++) {
      const v = row[j];
      if (size < m) {
        let c = size++;
        while (c > 0) {
          const p = (c - 1) >> 1;
          if (heap[p] >= v) break;
          heap[c] = heap[p];
          c = p;
        }
        heap[c] = v;
      } else if (v < heap[0]) {
        siftDown(heap, m, v);
      }
    }
    const limit = heap[0] + tol;
    let count = 0;
    for (let j = 0; j < n; j++) {
      if (row[j] <= limit) {
        if (count === this.candidates.length) this.grow();
        this.candidates[count] = j;
        this.candidateDist[count] = exact(j);
        count++;
      }
    }
    const order = this.order;
    order.length = count;
    for (let c = 0; c < count; c++) order[c] = c;
    const dist = this.candidateDist;
    const cand = this.candidates;
    order.sort((a, b) => dist[a] - dist[b] || cand[a] - cand[b]);
    const out = new Int32Array(m);
    for (let s = 0; s < m; s++) {
      out[s] = cand[order[s]];
      this.exact[s] = dist[order[s]];
    }
    return out;
  }

  private grow(): void {
    const c = new Int32Array(this.candidates.length * 2);
    c.set(this.candidates);
    const d = new Float64Array(this.candidateDist.length * 2);
    d.set(this.candidateDist);
    this.candidates = c;
    this.candidateDist = d;
  }
}

/** Replaces the top of a max-heap of size m with v and restores the heap order. */
function siftDown(heap: Float64Array, m: number, v: number): void {
  let c = 0;
  for (;;) {
    let child = 2 * c + 1;
    if (child >= m) break;
    if (child + 1 < m && heap[child + 1] > heap[child]) child++;
    if (heap[child] <= v) break;
    heap[c] = heap[child];
    c = child;
  }
  heap[c] = v;
}
