import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { A3Error, DataError, FormatError, Rng, ShapeError, TensorData } from '@a3/core';
import { rocAuc } from '@a3/metrics';
import { afterAll, describe, expect, it } from 'vitest';
import { averagePathLength } from './forest';
import { IsolationForest } from './iforest';
import {
  IF_AUC_MEAN,
  IF_AUC_STD,
  IF_C_EXPECTED,
  IF_C_N,
  IF_MEAN_SCORES,
  IF_SCALE,
  IF_TEST,
  IF_TEST_LABELS,
  IF_TRAIN,
} from './iforest.fixture';

const scaled = (rows: number[][]) => TensorData.fromRows(rows.map((r) => r.map((v) => v / IF_SCALE)));
const train = scaled(IF_TRAIN);
const test = scaled(IF_TEST);

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'a3-iforest-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('IsolationForest', () => {
  it("c(n) equals scikit-learn's _average_path_length", () => {
    IF_C_N.forEach((n, i) => expect(averagePathLength(n)).toBeCloseTo(IF_C_EXPECTED[i], 12));
  });

  it('matches scikit-learn over 20 seeds: AUC, and every row’s mean score', async () => {
    const seeds = 20;
    const mean = new Float64Array(test.shape[0]);
    let auc = 0;
    for (let seed = 0; seed < seeds; seed++) {
      const s = await new IsolationForest({ seed }).fit({ x: train }).then((f) => f.score(test));
      auc += rocAuc(IF_TEST_LABELS, s) / seeds;
      s.forEach((v, i) => (mean[i] += v / seeds));
    }
    // Different random streams: the means agree within their seed noise (AUC std over seeds
    // IF_AUC_STD ≈ 0.007, so a difference of two 20-seed means has std ≈ 0.002).
    expect(Math.abs(auc - IF_AUC_MEAN)).toBeLessThan(Math.max(0.01, 4 * IF_AUC_STD));
    // Measured here: mean |Δ| 0.0022, largest 0.010, mean Δ 0.0003 (seeds 0–19; 100–119 and
    // 200–219 alike). One more unit of path length everywhere would move scores by ~0.03.
    const diffs = Array.from(mean, (v, i) => v - IF_MEAN_SCORES[i]);
    expect(Math.abs(diffs.reduce((a, b) => a + b, 0) / diffs.length)).toBeLessThan(0.003);
    expect(diffs.reduce((a, b) => a + Math.abs(b), 0) / diffs.length).toBeLessThan(0.005);
    expect(Math.max(...diffs.map(Math.abs))).toBeLessThan(0.02);
  });

  it('is seeded: the same seed gives the same scores, another seed other scores', async () => {
    const a = await new IsolationForest({ seed: 3 }).fit({ x: train });
    const b = await new IsolationForest().fit({ x: train }, { seed: 3 });
    const c = await new IsolationForest({ seed: 4 }).fit({ x: train });
    const sa = await a.score(test);
    expect(Array.from(await b.score(test))).toEqual(Array.from(sa));
    expect(Array.from(await c.score(test))).not.toEqual(Array.from(sa));
    expect(sa.every((v) => v > 0 && v <= 1)).toBe(true);
  });

  it('flags its contamination share of the training rows and predicts with that threshold', async () => {
    const f = await new IsolationForest({ contamination: 0.05 }).fit({ x: train });
    const flagged = (await f.predict(train)).reduce((a, b) => a + b, 0);
    expect(flagged).toBe(15); // 5 % of 300
    const s = await f.score(test);
    expect(Array.from(await f.predict(test))).toEqual(Array.from(s, (v) => (v >= f.threshold! ? 1 : 0)));
  });

  it('fits on the normal rows only (y = 0)', async () => {
    const x = new TensorData(
      [301, 6],
      'float32',
      Float32Array.from([...train.data, ...Array<number>(6).fill(5)]),
    );
    const y = [...Array<number>(300).fill(0), 1];
    const withLabels = await new IsolationForest({ seed: 1 }).fit({ x, y });
    const plain = await new IsolationForest({ seed: 1 }).fit({ x: train });
    expect(Array.from(await withLabels.score(test))).toEqual(Array.from(await plain.score(test)));
  });

  it('caps max_samples at n and handles constant and tiny data', async () => {
    const rng = new Rng(2);
    const small = TensorData.fromRows(Array.from({ length: 20 }, () => [rng.next(), 1, 1]));
    const f = await new IsolationForest().fit({ x: small });
    const s = await f.score(small);
    expect(s.every((v) => Number.isFinite(v) && v > 0 && v <= 1)).toBe(true);
    // All rows equal: no split anywhere; every path is c(max_samples), so the score is 2^-1.
    const flat = await new IsolationForest().fit({
      x: TensorData.fromRows([
        [1, 2],
        [1, 2],
        [1, 2],
      ]),
    });
    expect(
      Array.from(
        await flat.score([
          [1, 2],
          [5, 5],
        ]),
      ),
    ).toEqual([0.5, 0.5]);
    const one = await new IsolationForest().fit({ x: [[1, 2]] });
    expect(Array.from(await one.score([[3, 4]]))).toEqual([0.5]);
  });

  it('saves and loads to the same scores, threshold and options', async () => {
    const f = await new IsolationForest({ seed: 9, nEstimators: 30, maxSamples: 64 }).fit({ x: train });
    const dir = await tempDir();
    await f.save(dir);
    const g = await IsolationForest.load(dir);
    expect(g.fitted).toBe(true);
    expect(g.threshold).toBe(f.threshold);
    expect(g.inputShape).toEqual([6]);
    expect(Array.from(await g.score(test))).toEqual(Array.from(await f.score(test)));
    const manifest = JSON.parse(await readFile(join(dir, 'a3.json'), 'utf8'));
    expect(manifest.detector).toBe('iforest');
    expect(manifest.config).toMatchObject({ nEstimators: 30, maxSamples: 64, seed: 9 });
  });

  it('rejects a corrupt forest on load with a FormatError', async () => {
    const f = await new IsolationForest({ nEstimators: 2 }).fit({ x: train });
    const dir = await tempDir();
    await f.save(dir);
    const manifestPath = join(dir, 'a3.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    manifest.inputShape = [3]; // features 3..5 of the splits no longer exist
    await writeFile(manifestPath, JSON.stringify(manifest));
    await expect(IsolationForest.load(dir)).rejects.toThrow(FormatError);
  });

  it('gives typed errors for bad input', async () => {
    const f = new IsolationForest();
    await expect(f.score(test)).rejects.toThrow(/not fitted/);
    await expect(f.save('/nonexistent')).rejects.toThrow(A3Error);
    expect(() => new IsolationForest({ nEstimators: 0 })).toThrow(/nEstimators must be an integer ≥ 1/);
    expect(() => new IsolationForest({ contamination: 0.7 } as never)).not.toThrow();
    expect(() => new IsolationForest({ contamination: 1 })).toThrow(/strictly between 0 and 1/);
    expect(() => new IsolationForest({ trees: 5 } as never)).toThrow(/unknown option "trees"/);
    const nan = TensorData.fromRows([
      [0.1, 0.2],
      [NaN, 0.3],
    ]);
    await expect(new IsolationForest().fit({ x: nan })).rejects.toThrow(DataError);
    await f.fit({ x: train });
    await expect(f.score([[0.1, 0.2]])).rejects.toThrow(ShapeError);
    await expect(f.fit({ x: train, y: Array<number>(300).fill(1) })).rejects.toThrow(
      /every sample as a known anomaly/,
    );
  });
});
