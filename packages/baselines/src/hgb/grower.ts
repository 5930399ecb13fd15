import { buildHistogram, HistogramLayout, HistogramPool, numpySum, subtractHistogram } from './histogram';
import { GainHeap } from './gain-heap';
import { findNodeSplit, MIN_HESSIAN_TO_SPLIT, type SplitInfo } from './splitting';

/** How trees grow (scikit-learn's TreeGrower parameters). */
export interface GrowParams {
  /** Leaves per tree (≥ 2). */
  maxLeafNodes: number;
  /** Depth limit (root = 0), or null for none. */
  maxDepth: number | null;
  minSamplesLeaf: number;
  l2Regularization: number;
  /** Learning rate: leaf values are multiplied by it once the tree is grown. */
  shrinkage: number;
  /** Bins of scikit-learn's histograms: maxBins + 1 (the last one for missing values). */
  histogramBins: number;
}

/**
 * One grown tree, nodes in creation order (root 0; a node's children come after it).
 * A split node sends a row left when its bin of `feature` is <= `bin`.
 */
export interface GrownTree {
  nodes: number;
  /** Split feature; -1 at leaves. */
  feature: Int32Array;
  bin: Int32Array;
  /** Children (node ids of this tree); -1 at leaves. */
  left: Int32Array;
  right: Int32Array;
  /** Leaf values including the shrinkage; 0 at split nodes. */
  value: Float64Array;
}

/**
 * Grows regression trees on gradients and hessians of binned data, best first, as scikit-learn's
 * TreeGrower (no missing values, no categorical features, no constraints): the splittable leaf
 * with the largest gain is split next until maxLeafNodes leaves exist; a child with fewer than
 * 2·minSamplesLeaf rows, at the depth limit, or without a split of positive gain is a leaf; a
 * child's histogram is summed for the smaller child and derived for the larger one. Buffers
 * (row partition, histograms, node arrays) are reused from tree to tree.
 */
export class TreeGrower {
  private readonly layout: HistogramLayout;
  private readonly pool: HistogramPool;
  /** Row indices, partitioned so every node owns a contiguous range. */
  private readonly rows: Int32Array;
  private readonly scratch: Int32Array;
  private readonly orderedG: Float32Array;
  private readonly orderedH: Float32Array;
  private readonly maxNodes: number;
  // Per node (creation order).
  private readonly start: Int32Array;
  private readonly stop: Int32Array;
  private readonly depth: Int32Array;
  private readonly sumG: Float64Array;
  private readonly sumH: Float64Array;
  private readonly nodeValue: Float64Array;
  private readonly gain: Float64Array;
  private readonly splits: (SplitInfo | null)[];
  private readonly hists: (Float64Array | null)[];
  private readonly heap: GainHeap;
  /** Feature 0's gradient and hessian sums per bin at the root. */
  private readonly firstFeature: Float64Array;

  constructor(
    private readonly binned: Uint8Array,
    private readonly n: number,
    nBins: Int32Array,
    private readonly params: GrowParams,
  ) {
    this.layout = new HistogramLayout(nBins);
    this.pool = new HistogramPool(this.layout.size);
    this.rows = new Int32Array(n);
    this.scratch = new Int32Array(n);
    this.orderedG = new Float32Array(n);
    this.orderedH = new Float32Array(n);
    this.maxNodes = 2 * params.maxLeafNodes - 1;
    const m = this.maxNodes;
    this.start = new Int32Array(m);
    this.stop = new Int32Array(m);
    this.depth = new Int32Array(m);
    this.sumG = new Float64Array(m);
    this.sumH = new Float64Array(m);
    this.nodeValue = new Float64Array(m);
    this.gain = new Float64Array(m);
    this.splits = new Array<SplitInfo | null>(m).fill(null);
    this.hists = new Array<Float64Array | null>(m).fill(null);
    this.heap = new GainHeap(this.gain, m);
    this.firstFeature = new Float64Array(2 * params.histogramBins);
  }

  /**
   * Grows one tree on the rows' gradients and hessians and adds its leaf values to `raw` (the
   * training rows' raw predictions, scikit-learn's _update_raw_predictions).
   */
  grow(gradients: Float32Array, hessians: Float32Array, raw: Float64Array): GrownTree {
    const { n, params, rows, layout, heap } = this;
    for (let i = 0; i < n; i++) rows[i] = i;
    const tree: GrownTree = {
      nodes: 1,
      feature: new Int32Array(this.maxNodes).fill(-1),
      bin: new Int32Array(this.maxNodes),
      left: new Int32Array(this.maxNodes).fill(-1),
      right: new Int32Array(this.maxNodes).fill(-1),
      value: new Float64Array(this.maxNodes),
    };
    heap.clear();
    const leaves: number[] = [];
    this.start[0] = 0;
    this.stop[0] = n;
    this.depth[0] = 0;
    this.nodeValue[0] = 0; // scikit-learn's root value: its gain is measured from 0
    // scikit-learn totals the root from feature 0's histogram (np.sum over all its bins).
    const first = this.firstFeature;
    first.fill(0);
    for (let i = 0; i < n; i++) {
      const k = 2 * this.binned[i];
      first[k] += gradients[i];
      first[k + 1] += hessians[i];
    }
    const h = numpySum(first, 1, this.params.histogramBins, 2);
    this.sumG[0] = numpySum(first, 0, this.params.histogramBins, 2);
    this.sumH[0] = h;
    if (n < 2 * params.minSamplesLeaf || h < MIN_HESSIAN_TO_SPLIT) {
      leaves.push(0);
    } else {
      const hist = this.pool.take();
      buildHistogram(
        hist,
        layout,
        this.binned,
        n,
        gradients,
        hessians,
        rows,
        0,
        n,
        true,
        this.orderedG,
        this.orderedH,
      );
      this.hists[0] = hist;
      this.splitOrLeaf(0, leaves);
    }
    while (heap.size > 0) {
      const node = heap.pop();
      const split = this.splits[node]!;
      const childDepth = this.depth[node] + 1;
      const mid = this.partition(node, split);
      const l = tree.nodes;
      const r = l + 1;
      tree.nodes += 2;
      tree.feature[node] = split.feature;
      tree.bin[node] = split.bin;
      tree.left[node] = l;
      tree.right[node] = r;
      this.initChild(
        l,
        this.start[node],
        mid,
        childDepth,
        split.sumGradientLeft,
        split.sumHessianLeft,
        split.valueLeft,
      );
      this.initChild(
        r,
        mid,
        this.stop[node],
        childDepth,
        split.sumGradientRight,
        split.sumHessianRight,
        split.valueRight,
      );
      const parentHist = this.hists[node]!;
      this.hists[node] = null;
      if (leaves.length + heap.size + 2 === params.maxLeafNodes) {
        leaves.push(l, r);
        while (heap.size > 0) leaves.push(heap.popLast());
        this.pool.give(parentHist);
        break;
      }
      if (params.maxDepth !== null && childDepth === params.maxDepth) {
        leaves.push(l, r);
        this.pool.give(parentHist);
        continue;
      }
      const splitL = this.count(l) >= 2 * params.minSamplesLeaf;
      const splitR = this.count(r) >= 2 * params.minSamplesLeaf;
      if (!splitL) leaves.push(l);
      if (!splitR) leaves.push(r);
      if (!splitL && !splitR) {
        this.pool.give(parentHist);
        continue;
      }
      const [small, large] = this.count(l) < this.count(r) ? [l, r] : [r, l];
      const smallHist = this.pool.take();
      buildHistogram(
        smallHist,
        layout,
        this.binned,
        n,
        gradients,
        hessians,
        rows,
        this.start[small],
        this.stop[small],
        false,
        this.orderedG,
        this.orderedH,
      );
      subtractHistogram(parentHist, smallHist, layout);
      this.hists[small] = smallHist;
      this.hists[large] = parentHist;
      if (splitL) this.splitOrLeaf(l, leaves);
      if (splitR) this.splitOrLeaf(r, leaves);
      for (const c of [l, r]) {
        if (c === l ? !splitL : !splitR) this.release(c);
      }
    }
    for (let i = 0; i < tree.nodes; i++) this.release(i);
    for (const leaf of leaves) {
      const v = this.nodeValue[leaf] * params.shrinkage;
      tree.value[leaf] = v;
      for (let i = this.start[leaf]; i < this.stop[leaf]; i++) raw[rows[i]] += v;
    }
    const k = tree.nodes;
    return {
      nodes: k,
      feature: tree.feature.slice(0, k),
      bin: tree.bin.slice(0, k),
      left: tree.left.slice(0, k),
      right: tree.right.slice(0, k),
      value: tree.value.slice(0, k),
    };
  }

  private count(node: number): number {
    return this.stop[node] - this.start[node];
  }

  private initChild(
    node: number,
    start: number,
    stop: number,
    depth: number,
    g: number,
    h: number,
    v: number,
  ) {
    this.start[node] = start;
    this.stop[node] = stop;
    this.depth[node] = depth;
    this.sumG[node] = g;
    this.sumH[node] = h;
    this.nodeValue[node] = v;
    this.splits[node] = null;
  }

  /** Finds the node's best split: queued when its gain is positive, else the node is a leaf. */
  private splitOrLeaf(node: number, leaves: number[]): void {
    const split = findNodeSplit(
      this.hists[node]!,
      this.layout,
      this.count(node),
      this.sumG[node],
      this.sumH[node],
      this.nodeValue[node],
      this.params,
    );
    this.splits[node] = split;
    if (split.gain <= 0) {
      leaves.push(node);
      this.release(node);
    } else {
      this.gain[node] = split.gain;
      this.heap.push(node);
    }
  }

  private release(node: number): void {
    const h = this.hists[node];
    if (h) this.pool.give(h);
    this.hists[node] = null;
  }

  /**
   * Stable partition of the node's rows (left rows first, each side in its previous order, as
   * scikit-learn's split_indices): returns where the right child's rows begin.
   */
  private partition(node: number, split: SplitInfo): number {
    const { rows, scratch, binned } = this;
    const base = split.feature * this.n;
    const bin = split.bin;
    let l = this.start[node];
    let r = 0;
    const end = this.stop[node];
    for (let i = l; i < end; i++) {
      const row = rows[i];
      if (binned[base + row] <= bin) rows[l++] = row;
      else scratch[r++] = row;
    }
    rows.set(scratch.subarray(0, r), l);
    return l;
  }
}
