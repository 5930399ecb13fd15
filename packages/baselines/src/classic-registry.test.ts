import '@a3/backend-onnx';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, InvalidArgumentError, Rng, ShapeError, TensorData } from '@a3/core';
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
