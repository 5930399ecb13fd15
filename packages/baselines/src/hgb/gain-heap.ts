/**
 * The splittable nodes, largest gain first: CPython's heapq algorithm (siftdown on push,
 * bottom-up siftup on pop) with scikit-learn's TreeNode order (a < b when a's gain is larger), so
 * nodes of equal gain are split in the order scikit-learn splits them.
 */
export class GainHeap {
  private readonly items: Int32Array;
  size = 0;

  constructor(
    private readonly gain: Float64Array,
    capacity: number,
  ) {
    this.items = new Int32Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  private less(a: number, b: number): boolean {
    return this.gain[a] > this.gain[b];
  }

  push(node: number): void {
    this.items[this.size++] = node;
    this.siftDown(0, this.size - 1);
  }

  pop(): number {
    const last = this.items[--this.size];
    if (this.size === 0) return last;
    const top = this.items[0];
    this.items[0] = last;
    this.siftUp(0);
    return top;
  }

  /** Removes the last array slot (Python's list.pop()), used when the rest become leaves. */
  popLast(): number {
    return this.items[--this.size];
  }

  private siftDown(startPos: number, pos: number): void {
    const items = this.items;
    const item = items[pos];
    while (pos > startPos) {
      const parentPos = (pos - 1) >> 1;
      const parent = items[parentPos];
      if (!this.less(item, parent)) break;
      items[pos] = parent;
      pos = parentPos;
    }
    items[pos] = item;
  }

  private siftUp(pos: number): void {
    const items = this.items;
    const end = this.size;
    const startPos = pos;
    const item = items[pos];
    let child = 2 * pos + 1;
    while (child < end) {
      const right = child + 1;
      if (right < end && !this.less(items[child], items[right])) child = right;
      items[pos] = items[child];
      pos = child;
      child = 2 * pos + 1;
    }
    items[pos] = item;
    this.siftDown(startPos, pos);
  }
}
