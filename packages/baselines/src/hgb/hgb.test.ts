import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DataError,
  FormatError,
  InvalidArgumentError,
  ShapeError,
  TensorData,
  UnsuitableDataError,
} from '@a3/core';
import { createDetector, getDetector, loadDetector } from '@a3/model';
import { afterAll, describe, expect, it } from 'vitest';
// The package entry: importing it registers 'hgb'.
import { HistGradientBoosting, type HistGradientBoostingOptions } from '../index';
import { HGB_DECISIONS, HGB_POSITIVES, HGB_SCALE, HGB_TEST, HGB_TRAIN } from './hgb.fixture';

const scaled = (rows: number[][]) => TensorData.fromRows(rows.map((r) => r.map((v) => v / HGB_SCALE)));
const train = scaled(HGB_TRAIN);
const test = scaled(HGB_TEST);
const y = HGB_TRAIN.map((_, i) => (i < HGB_POSITIVES ? 1 : 0));
const train20 = scaled(HGB_TRAIN.slice(0, 20));

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'a3-hgb-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Our options for each scikit-learn setting of the fixture (early stopping off there). */
const SETTINGS: Record<keyof typeof HGB_DECISIONS, HistGradientBoostingOptions> = {
  five: { maxIter: 5 },
  default: {},
  options: {
    maxIter: 12,
    learningRate: 0.3,
    maxLeafNodes: 8,
    maxDepth: 3,
    minSamplesLeaf: 5,
    l2Regularization: 1,
    maxBins: 32,
  },
};

describe('HistGradientBoosting', () => {
  it.each(Object.keys(SETTINGS) as (keyof typeof HGB_DECISIONS)[])(
    "equals scikit-learn's decision_function (%s)",
    async (name) => {
      const expected = HGB_DECISIONS[name];
      const m = await new HistGradientBoosting({ ...SETTINGS[name], earlyStopping: false }).fit({
        x: train,
        y,
      });
      expect(m.training.trees).toBe(expected.nIter);
      // Same trees; leaf values and scores are stored as float32, so agreement is to ~1e-6.
      const s = await m.score(test);
      s.forEach((v, i) => expect(v).toBeCloseTo(expected.test[i], 5));
      const s20 = await m.score(train20);
      s20.forEach((v, i) => expect(v).toBeCloseTo(expected.train20[i], 5));
    },
  );

  it('is deterministic and seeded: same seed, same scores; the seed moves the early-stopping split', async () => {
    const opts = { maxIter: 15, earlyStopping: true } as const;
    const a = await new HistGradientBoosting({ ...opts, seed: 3 }).fit({ x: train, y });
    const b = await new HistGradientBoosting(opts).fit({ x: train, y }, { seed: 3 });
    const c = await new HistGradientBoosting({ ...opts, seed: 4 }).fit({ x: train, y });
    const sa = Array.from(await a.score(test));
    expect(Array.from(await b.score(test))).toEqual(sa);
    expect(Array.from(await c.score(test))).not.toEqual(sa);
    expect(a.training.earlyStopping).toBe(true);
    // One validation score before the first tree, one after each.
    expect((a.training.validationScores as number[]).length).toBe((a.training.trees as number) + 1);
  });

  it('early stopping: stops once 10 iterations bring no gain on the validation part', async () => {
    const m = await new HistGradientBoosting({ earlyStopping: true, maxIter: 200 }).fit({ x: train, y });
    const trees = m.training.trees as number;
    const scores = m.training.validationScores as number[];
    expect(trees).toBeLessThan(200);
    const ref = scores[scores.length - 11];
    expect(scores.slice(-10).every((s) => s <= ref + 1e-7)).toBe(true);
  });

  it('thresholds at 0 log-odds by default, at the contamination quantile when asked', async () => {
    const m = await new HistGradientBoosting({ maxIter: 10 }).fit({ x: train, y });
    expect(m.threshold).toBe(0);
    const s = await m.score(test);
    expect(Array.from(await m.predict(test))).toEqual(Array.from(s, (v) => (v >= 0 ? 1 : 0)));
    const p = await m.predictProba(test);
    p.forEach((v, i) => expect(v).toBeCloseTo(1 / (1 + Math.exp(-s[i])), 6));
    const q = await new HistGradientBoosting({ maxIter: 10, contamination: 0.05 }).fit({ x: train, y });
    const flagged = (await q.predict(train)).reduce((a, b) => a + b, 0);
    expect(flagged).toBe(15); // 5 % of 300
  });

  it('saves and loads to the same scores, threshold and options', async () => {
    const m = await new HistGradientBoosting({ maxIter: 20, maxDepth: 4, seed: 2 }).fit({ x: train, y });
    const dir = await tempDir();
    await m.save(dir);
    const g = await HistGradientBoosting.load(dir);
    expect(g.fitted).toBe(true);
    expect(g.threshold).toBe(m.threshold);
    expect(g.inputShape).toEqual([6]);
    expect(Array.from(await g.score(test))).toEqual(Array.from(await m.score(test)));
    const manifest = JSON.parse(await readFile(join(dir, 'a3.json'), 'utf8'));
    expect(manifest.detector).toBe('hgb');
    expect(manifest.config).toMatchObject({ maxIter: 20, maxDepth: 4, seed: 2, contamination: null });
    await expect(m.save(dir)).rejects.toThrow(/force/);
    await m.save(dir, { force: true });
  });

  it('is registered as "hgb": needs known anomalies, no backend; loadDetector reads it back', async () => {
    expect(getDetector('hgb').needsKnownAnomalies).toBe(true);
    expect(getDetector('hgb').usesBackend).toBe(false);
    const m = createDetector('hgb', { maxIter: 4 });
    expect(m).toBeInstanceOf(HistGradientBoosting);
    await m.fit({ x: train, y });
    const dir = await tempDir();
    await m.save(dir);
    const g = await loadDetector(dir);
    expect(g).toBeInstanceOf(HistGradientBoosting);
    expect(Array.from(await g.score(test))).toEqual(Array.from(await m.score(test)));
  });

  it('rejects stored trees that cannot be walked with a FormatError', async () => {
    const m = await new HistGradientBoosting({ maxIter: 3 }).fit({ x: train, y });
    const dir = await tempDir();
    await m.save(dir);
    const path = join(dir, 'a3.json');
    const manifest = JSON.parse(await readFile(path, 'utf8'));
    await writeFile(path, JSON.stringify({ ...manifest, inputShape: [2] })); // features 2..5 are gone
    await expect(HistGradientBoosting.load(dir)).rejects.toThrow(FormatError);
    await writeFile(path, JSON.stringify({ ...manifest, state: { ...manifest.state, baseline: 'x' } }));
    await expect(HistGradientBoosting.load(dir)).rejects.toThrow(/state.baseline/);
  });

  it('needs known anomalies and normal rows: UnsuitableDataError otherwise', async () => {
    const m = new HistGradientBoosting();
    await expect(m.fit({ x: train })).rejects.toThrow(UnsuitableDataError);
    await expect(m.fit({ x: train, y: y.map(() => 0) })).rejects.toThrow(/marks none/);
    await expect(m.fit({ x: train, y: y.map(() => 1) })).rejects.toThrow(UnsuitableDataError);
  });

  it('gives typed errors for bad input', async () => {
    const m = new HistGradientBoosting();
    await expect(m.score(test)).rejects.toThrow(/not fitted/);
    await expect(m.save('/nonexistent')).rejects.toThrow(InvalidArgumentError);
    expect(() => new HistGradientBoosting({ maxBins: 256 })).toThrow(
      /maxBins must be an integer from 2 to 255/,
    );
    expect(() => new HistGradientBoosting({ maxLeafNodes: 1 })).toThrow(/maxLeafNodes/);
    expect(() => new HistGradientBoosting({ learningRate: 0 })).toThrow(/learningRate/);
    expect(() => new HistGradientBoosting({ l2Regularization: -1 })).toThrow(/l2Regularization/);
    expect(() => new HistGradientBoosting({ earlyStopping: 'yes' } as never)).toThrow(/"auto", true, false/);
    expect(() => new HistGradientBoosting({ trees: 5 } as never)).toThrow(/unknown option "trees"/);
    const nan = train.clone();
    nan.data[3] = Number.NaN;
    await expect(m.fit({ x: nan, y })).rejects.toThrow(DataError);
    await expect(m.fit({ x: train, y: [1, 0] })).rejects.toThrow(/2 labels but x has 300 samples/);
    await expect(m.fit({ x: train, y: y.map((v) => v * 2) })).rejects.toThrow(InvalidArgumentError);
    await m.fit({ x: train, y }, {});
    await expect(m.score([[0.1, 0.2]])).rejects.toThrow(ShapeError);
  });
});
