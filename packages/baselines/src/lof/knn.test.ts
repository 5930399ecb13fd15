import '@a3/backend-onnx';
import { Rng, getBackend } from '@a3/core';
import { describe, expect, it } from 'vitest';
import { NearestNeighbours } from './knn';

/** Brute-force float64 k-NN: sorted by (distance, index), self left out when asked. */
function reference(train: Float32Array, q: Float32Array, d: number, k: number, self: boolean) {
  const n = train.length / d;
  const rows = q.length / d;
  const out: { index: number[]; distance: number[] }[] = [];
  for (let r = 0; r < rows; r++) {
    const all = Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let f = 0; f < d; f++) s += (q[r * d + f] - train[j * d + f]) ** 2;
      return { j, s };
    }).filter((e) => !self || e.j !== r);
    all.sort((a, b) => a.s - b.s || a.j - b.j);
    out.push({
      index: all.slice(0, k).map((e) => e.j),
      distance: all.slice(0, k).map((e) => Math.sqrt(e.s)),
    });
  }
  return out;
}

function expectSame(
  got: { index: Int32Array; distance: Float64Array },
  want: ReturnType<typeof reference>,
  k: number,
) {
  want.forEach((w, r) => {
    expect(Array.from(got.index.subarray(r * k, (r + 1) * k)), `row ${r}`).toEqual(w.index);
    expect(Array.from(got.distance.subarray(r * k, (r + 1) * k))).toEqual(w.distance);
  });
}

describe('NearestNeighbours (onnx)', () => {
  it('equals a brute-force float64 search on random data, with and without self', async () => {
    const rng = new Rng(3);
    const d = 7;
    const train = Float32Array.from({ length: 300 * d }, () => rng.next());
    const q = Float32Array.from({ length: 40 * d }, () => rng.next());
    const knn = new NearestNeighbours(await getBackend('onnx'), train, 300, d);
    expectSame(await knn.search(q, 40, 20), reference(train, q, d, 20, false), 20);
    expectSame(await knn.search(train, 300, 20, true), reference(train, train, d, 20, true), 20);
    knn.dispose();
  });

  it('orders neighbours float32 cannot tell apart by their float64 distance', async () => {
    // A ring of 40 rows at radius ~0.01 around (0, 100), in shuffled order, and 40 rows near (0, -100) so that centring leaves squared norms of ~1e4: the float32
    // product's rounding (~1e-3) is larger than the squared distances (~1e-4) it should order.
    const d = 2;
    const rng = new Rng(5);
    const order = rng.permutation(40);
    const rows: number[] = [];
    for (let i = 0; i < 40; i++) {
      const j = order[i];
      const r = 0.01 * (1 + j * 1e-3);
      const a = rng.uniform(0, 2 * Math.PI);
      rows.push(r * Math.cos(a), 100 + r * Math.sin(a));
    }
    for (let j = 0; j < 40; j++) rows.push(rng.uniform(-1, 1), -100 + rng.uniform(-1, 1));
    const train = Float32Array.from(rows);
    const q = Float32Array.from([0, 100, 0.5, -100]);
    const knn = new NearestNeighbours(await getBackend('onnx'), train, 80, d);
    const got = await knn.search(q, 2, 5);
    expectSame(got, reference(train, q, d, 5, false), 5);
    knn.dispose();
  });
});
