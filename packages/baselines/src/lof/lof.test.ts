import '@a3/backend-onnx';
import '@a3/backend-tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TensorData } from '@a3/core';
import { thresholdByContamination } from '@a3/metrics';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalOutlierFactor } from './lof';
import { LOF_EXPECTED, LOF_QUERY, LOF_SCALE, LOF_TRAIN, LOF_TRAIN_EXPECTED } from './lof.fixture';

const scaled = (rows: number[][], offset = 0) =>
  TensorData.fromRows(rows.map((r) => r.map((v) => v / LOF_SCALE + offset)));
const train = scaled(LOF_TRAIN);
const query = scaled(LOF_QUERY);

/**
 * Scores are float32 and a block of 25 identical training rows gives densities of 1e10 (scikit-learn's
 * 1e-10 term), so LOFs up to ~5e6: 1e-4 absolute for LOFs up to 1, relative above.
 */
function expectClose(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]), `row ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(
      1e-4 * Math.max(1, Math.abs(expected[i])),
    );
  }
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe.each(['onnx', 'tfjs-cpu'])('LocalOutlierFactor on %s', (backend) => {
  it("equals scikit-learn's -score_samples (novelty, k = 20) to 1e-4, duplicates included", async () => {
    const lof = await new LocalOutlierFactor().fit({ x: train }, { backend });
    expectClose(await lof.score(query), LOF_EXPECTED);
    lof.dispose();
  });

  it("sets the threshold from the training rows' own LOF (scikit-learn's negative_outlier_factor_)", async () => {
    const lof = await new LocalOutlierFactor({ contamination: 0.2 }).fit({ x: train }, { backend });
    const expected = thresholdByContamination(Float32Array.from(LOF_TRAIN_EXPECTED), 0.2);
    expect(lof.threshold).toBeCloseTo(expected, 5);
    const flagged = await lof.predict(query);
    const scores = await lof.score(query);
    expect(Array.from(flagged)).toEqual(Array.from(scores, (s) => (s >= lof.threshold! ? 1 : 0)));
    lof.dispose();
  });

  it('is unchanged by a large offset of the data (distances are centred before the float32 product)', async () => {
    // 1024 + k/4096 is exact in float32, so the float64 distances are the same numbers.
    const lof = await new LocalOutlierFactor().fit({ x: scaled(LOF_TRAIN, 1024) }, { backend });
    expectClose(await lof.score(scaled(LOF_QUERY, 1024)), LOF_EXPECTED);
    lof.dispose();
  });
});

describe('LocalOutlierFactor', () => {
  it('fits on the normal rows only and saves / loads to equal scores on another backend', async () => {
    // Known anomalies (y = 1) are left out of the neighbour set: appending them changes nothing.
    const far = TensorData.fromRows([
      [0.9, 0.1, 0.9, 0.1, 0.9],
      [0.1, 0.9, 0.1, 0.9, 0.1],
    ]);
    const x = new TensorData(
      [train.shape[0] + 2, 5],
      'float32',
      Float32Array.from([...train.data, ...far.data]),
    );
    const y = [...Array<number>(train.shape[0]).fill(0), 1, 1];
    const lof = await new LocalOutlierFactor().fit({ x, y }, { backend: 'onnx' });
    const scores = await lof.score(query);
    expectClose(scores, LOF_EXPECTED);
    const dir = await mkdtemp(join(tmpdir(), 'a3-lof-'));
    dirs.push(dir);
    await lof.save(dir);
    const loaded = await LocalOutlierFactor.load(dir, { backend: 'tfjs-cpu' });
    expect(loaded.fitted).toBe(true);
    expect(loaded.threshold).toBe(lof.threshold);
    // Neighbours are refined in float64 in JS, so the backend does not change a single bit.
    expect(Array.from(await loaded.score(query))).toEqual(Array.from(scores));
    lof.dispose();
    loaded.dispose();
  });

  it('caps k at n − 1 as scikit-learn does', async () => {
    // 4 rows: k = 3. Hand-checked on a line: points 0, 1, 2, 10 (one feature).
    const x = TensorData.fromRows([[0], [1], [2], [10]]);
    const lof = await new LocalOutlierFactor().fit({ x }, { backend: 'onnx' });
    // Expected from the definition in float64 (k = 3): k-distances 10, 9, 8, 10.
    const kd = [10, 9, 8, 10];
    const pts = [0, 1, 2, 10];
    const lrdOf = (p: number, nbrs: number[]) =>
      1 / (nbrs.reduce((s, j) => s + Math.max(Math.abs(p - pts[j]), kd[j]), 0) / 3 + 1e-10);
    const lrd = pts.map((p, i) =>
      lrdOf(
        p,
        [0, 1, 2, 3].filter((j) => j !== i),
      ),
    );
    const q = 4;
    const nq = [0, 1, 2, 3].sort((a, b) => Math.abs(q - pts[a]) - Math.abs(q - pts[b])).slice(0, 3);
    const lrdQ = lrdOf(q, nq);
    const expected = nq.reduce((s, j) => s + lrd[j] / lrdQ, 0) / 3;
    expect((await lof.score([[q]]))[0]).toBeCloseTo(expected, 5);
    lof.dispose();
  });
});
