import { afterAll, describe, expect, it } from 'vitest';
import { DataError, IOError, InvalidArgumentError } from '@a3/core';
import { gzip, idxBytes, idxImages, idxLabels } from '../../testing/archive-builders';
import { TempDir } from '../../testing/temp-files';
import { getRecipe } from '../registry';
import { loadEmnist } from './emnist';

/**
 * An upright "F", 5 rows × 4 columns — neither square nor symmetric, so any transposition or flip
 * shows. Ink pixels hold distinct values (100 + 10·row + column), so any other permutation shows too.
 */
const F = ['####', '#...', '###.', '#...', '#...'].map((line, r) =>
  [...line].map((ch, c) => (ch === '#' ? 100 + 10 * r + c : 0)),
);

/**
 * IDX images as EMNIST stores them: each image transposed (column by column), so the file's
 * [rows, cols] is the image's [cols, rows]. `images` are upright, row by row.
 */
function emnistIdx(images: readonly number[][][]): Uint8Array {
  const [h, w] = [images[0].length, images[0][0].length];
  const body: number[] = [];
  for (const img of images) {
    for (let c = 0; c < w; c++) for (let r = 0; r < h; r++) body.push(img[r][c]);
  }
  return idxBytes(0x08, [images.length, w, h], Uint8Array.from(body));
}

/** An image of the F's size filled with `v`. */
const flat = (v: number) => F.map((row) => row.map(() => v));

function writeSplit(
  tmp: TempDir,
  split: string,
  train: { images: number[][][]; labels: number[] },
  test: { images: number[][][]; labels: number[] },
  gz: boolean,
): void {
  const pack = (bytes: Uint8Array) => (gz ? gzip(bytes) : bytes);
  const ext = gz ? '.gz' : '';
  tmp.write(`emnist-${split}-train-images-idx3-ubyte${ext}`, pack(emnistIdx(train.images)));
  tmp.write(`emnist-${split}-train-labels-idx1-ubyte${ext}`, pack(idxLabels(train.labels)));
  tmp.write(`emnist-${split}-test-images-idx3-ubyte${ext}`, pack(emnistIdx(test.images)));
  tmp.write(`emnist-${split}-test-labels-idx1-ubyte${ext}`, pack(idxLabels(test.labels)));
}

describe('emnist recipe', () => {
  const dirs: TempDir[] = [];
  const fresh = () => {
    const d = new TempDir('a3-emnist-');
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => d.remove()));

  it('reads letters (plain IDX) upright like MNIST, labels 1..26 as "a".."z"', async () => {
    const tmp = fresh();
    writeSplit(
      tmp,
      'letters',
      { images: [flat(1), F, flat(2)], labels: [1, 6, 26] },
      { images: [flat(3), F], labels: [2, 6] },
      false,
    );
    const d = await loadEmnist({ path: tmp.path });
    expect(d.name).toBe('emnist');
    expect(d.train.x.shape).toEqual([3, 5, 4, 1]);
    expect(d.test.x.shape).toEqual([2, 5, 4, 1]);
    expect(d.train.labels).toEqual(['a', 'f', 'z']);
    expect(d.test.labels).toEqual(['b', 'f']);
    expect(d.classCounts).toEqual({ a: 1, b: 1, f: 2, z: 1 });
    // The F comes out as drawn: row by row, each pixel ÷ 255.
    const upright = F.flat().map((v) => v / 255);
    expect(Array.from(d.train.x.data.subarray(20, 40))).toEqual(upright.map((v) => Math.fround(v)));
    expect(Array.from(d.test.x.data.subarray(20, 40))).toEqual(upright.map((v) => Math.fround(v)));
    const flattened = await loadEmnist({ path: tmp.path, flatten: true });
    expect(flattened.train.x.shape).toEqual([3, 20]);
    expect(Array.from(flattened.train.x.data.subarray(20, 40))).toEqual(
      Array.from(d.train.x.data.subarray(20, 40)),
    );
    expect(d.notes[0]).toMatch(/EMNIST letters .* transposed to upright/);
  });

  it('reads balanced (.gz) with its 47 class names, the split found from the file names', async () => {
    const tmp = fresh();
    writeSplit(
      tmp,
      'balanced',
      { images: [F, flat(1), flat(2), flat(3)], labels: [0, 10, 36, 46] },
      { images: [flat(4), F], labels: [9, 35] },
      true,
    );
    const d = await loadEmnist({ path: tmp.path });
    // emnist-balanced-mapping.txt: 0–9 digits, 10–35 'A'–'Z', 36–46 a b d e f g h n q r t.
    expect(d.train.labels).toEqual(['0', 'A', 'a', 't']);
    expect(d.test.labels).toEqual(['9', 'Z']);
    expect(Array.from(d.train.x.data.subarray(0, 20))).toEqual(F.flat().map((v) => Math.fround(v / 255)));
    expect(getRecipe('emnist').classes).toMatch(/"a" … "z".*"0" … "9", "A" … "Z", "a", "b", "d"/);
  });

  it('rejects train and test images of different sizes at load time', async () => {
    const tmp = fresh();
    tmp.write('emnist-letters-train-images-idx3-ubyte', idxImages(3, 28, 28));
    tmp.write('emnist-letters-train-labels-idx1-ubyte', idxLabels([1, 2, 3]));
    tmp.write('emnist-letters-test-images-idx3-ubyte.gz', gzip(idxImages(2, 20, 20)));
    tmp.write('emnist-letters-test-labels-idx1-ubyte.gz', gzip(idxLabels([4, 5])));
    const err = await loadEmnist({ path: tmp.path }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(
      /emnist-letters-test-images-idx3-ubyte\.gz has 20×20 images but .*emnist-letters-train-images-idx3-ubyte has 28×28/,
    );
  });

  it('refuses label 0 in letters (unused there) and labels files that do not fit the images', async () => {
    const tmp = fresh();
    writeSplit(tmp, 'letters', { images: [F, F], labels: [1, 0] }, { images: [F], labels: [1] }, false);
    await expect(loadEmnist({ path: tmp.path })).rejects.toThrow(
      /label 0 at row 1 is not a class of this data set \(labels 1\.\.26\)/,
    );
    tmp.write('emnist-letters-train-labels-idx1-ubyte', idxLabels([1, 2, 3]));
    await expect(loadEmnist({ path: tmp.path })).rejects.toThrow(/has 3 labels for 2 images/);
  });

  it('asks for the split when a directory holds two, and names the files when it holds none', async () => {
    const tmp = fresh();
    writeSplit(tmp, 'letters', { images: [F], labels: [3] }, { images: [F], labels: [4] }, true);
    writeSplit(tmp, 'balanced', { images: [F], labels: [3] }, { images: [F], labels: [4] }, false);
    const both = await loadEmnist({ path: tmp.path }).catch((e: unknown) => e);
    expect(both).toBeInstanceOf(InvalidArgumentError);
    expect((both as Error).message).toMatch(
      /both the letters and the balanced split; choose one with the split option/,
    );
    expect((await loadEmnist({ path: tmp.path, split: 'letters' })).train.labels).toEqual(['c']);
    expect((await loadEmnist({ path: tmp.path, split: 'balanced' })).train.labels).toEqual(['3']);

    const empty = fresh();
    const none = await loadEmnist({ path: empty.path }).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(IOError);
    expect((none as Error).message).toMatch(
      /no EMNIST training images in .*emnist-<split>-train-images-idx3-ubyte/,
    );
    await expect(loadEmnist()).rejects.toThrow(/needs options\.path/);
  });
});
