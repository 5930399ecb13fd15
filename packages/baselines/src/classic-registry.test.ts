import '@a3/backend-onnx';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, InvalidArgumentError, Rng, ShapeError, TensorData } from '@a3/core';
import { thresholdBestF1 } from '@a3/metrics';
import { createDetector, getDetector, listDetectors, loadDetector, type Detector } from '@a3/model';
import { afterAll, describe, expect, it } from 'vitest';
// The package entry: importing it must register the detectors.
import { AutoencoderDetector, IsolationForest, LocalOutlierFactor } from './index';

const rng = new Rng(4);
const x = TensorData.fromRows(Array.from({ length: 120 }, () => Array.from({ length: 4 }, () => rng.next())));
const q = TensorData.fromRows(Array.from({ length: 10 }, () => Array.from({ length: 4 }, () => rng.next())));

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const cases: [string, object, new (...args: never[]) => Detector][] = [
  ['iforest', { nEstimators: 10 }, IsolationForest],
  ['lof', { nNeighbors: 5 }, LocalOutlierFactor],
  ['ae', { targetOptions: { encoder: [4, 2] }, epochs: 1, batchSize: 64 }, AutoencoderDetector],
];

describe('the classic baselines in the detector registry', () => {
  it('are registered on import, with whether they need a backend', () => {
    expect(listDetectors()).toEqual(expect.arrayContaining(['a3', 'iforest', 'lof', 'ae']));
    expect(getDetector('iforest').usesBackend).toBe(false);
    expect(getDetector('lof').usesBackend).toBe(true);
    expect(getDetector('ae').usesBackend).toBe(true);
    for (const name of ['iforest', 'lof', 'ae']) expect(getDetector(name).needsKnownAnomalies).toBeFalsy();
  });

  it.each(cases)(
    '%s: createDetector → fit → save → loadDetector gives the same kind and scores',
    async (name, options, type) => {
      const d = createDetector(name, options as never);
      expect(d).toBeInstanceOf(type);
      expect(d.kind).toBe(name);
      expect(d.fitted).toBe(false);
      await d.fit({ x }, { backend: 'onnx', seed: 1 });
      expect(d.fitted).toBe(true);
      expect(d.threshold).not.toBeNull();
      const dir = await mkdtemp(join(tmpdir(), `a3-${name}-`));
      dirs.push(dir);
      await d.save(dir);
      const loaded = await loadDetector(dir, { backend: 'onnx' });
      expect(loaded).toBeInstanceOf(type);
      expect(loaded.threshold).toBe(d.threshold);
      expect(Array.from(await loaded.score(q))).toEqual(Array.from(await d.score(q)));
      d.dispose();
      loaded.dispose();
    },
  );

  it.each(cases)(
    '%s: labelled validation rows set the best-F1 threshold; predictProba; save without force refuses',
    async (name, options) => {
      const far = Array.from({ length: 5 }, (_, i) => [2 + i, 2, 2, 2]);
      const vx = TensorData.fromRows([
        ...Array.from({ length: 10 }, (_, i) => Array.from(q.data.subarray(i * 4, i * 4 + 4))),
        ...far,
      ]);
      const vy = [...Array<number>(10).fill(0), ...Array<number>(5).fill(1)];
      const d = createDetector(name, options as never);
      await d.fit({ x }, { backend: 'onnx', seed: 1, validation: { x: vx, y: vy } });
      expect(d.threshold).toBe(thresholdBestF1(vy, await d.score(vx)));
      const p = await d.predictProba!(vx);
      expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
      expect(Array.from(p.subarray(10))).toEqual([1, 1, 1, 1, 1]); // far beyond every training score
      expect(Array.from(await d.decisionFunction!(vx))).toEqual(Array.from(await d.score(vx)));
      const dir = await mkdtemp(join(tmpdir(), `a3-${name}-force-`));
      dirs.push(dir);
      await d.save(dir);
      await expect(d.save(dir)).rejects.toThrow(/force/);
      await d.save(dir, { force: true });
      const loaded = await loadDetector(dir, { backend: 'onnx' });
      expect(Array.from(await loaded.predictProba!(vx))).toEqual(Array.from(p));
      d.dispose();
      loaded.dispose();
    },
  );

  it.each(cases)('%s: bad input fails early with a typed error', async (name, options) => {
    const d = createDetector(name, options as never);
    await expect(d.score(q)).rejects.toThrow(/not fitted\. Call fit/);
    await expect(d.predict(q)).rejects.toThrow(InvalidArgumentError);
    await expect(d.save('/nonexistent-a3-dir')).rejects.toThrow(/not fitted/);
    const nan = x.clone();
    nan.data[7] = Number.NaN;
    await expect(d.fit({ x: nan }, { backend: 'onnx' })).rejects.toThrow(DataError);
    await expect(d.fit({ x, y: [1, 0] }, { backend: 'onnx' })).rejects.toThrow(
      /2 labels but x has 120 samples/,
    );
    await d.fit({ x }, { backend: 'onnx' });
    await expect(d.score([[0.1, 0.2, 0.3]])).rejects.toThrow(ShapeError);
    await expect(d.score([[0.1, 0.2, Infinity, 0.4]])).rejects.toThrow(/row 0, column 2 is Infinity/);
    expect(() => createDetector(name, { ...options, bogus: 1 } as never)).toThrow(/unknown option "bogus"/);
    d.dispose();
  });

  it('names the registered detectors for an unknown one', () => {
    expect(() => createDetector('iforrest')).toThrow(/iforest/);
  });

  it('refuses a directory of another kind when loaded as this kind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'a3-kind-'));
    dirs.push(dir);
    await (await new IsolationForest({ nEstimators: 2 }).fit({ x })).save(dir);
    await expect(LocalOutlierFactor.load(dir)).rejects.toThrow(
      /holds a "iforest" detector; load it with loadDetector/,
    );
  });
});
