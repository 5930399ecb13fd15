import { join } from 'node:path';
import { DataError, IOError, TensorData } from '@a3/core';
import { isFile } from '../../io/read-bytes';
import { readIdx } from '../../idx/read-idx';
import type { DatasetPart } from '../recipe';

/**
 * Finds an IDX file by its canonical name, accepting the variants found in the wild:
 * "train-images-idx3-ubyte", "train-images.idx3-ubyte", each optionally ".gz".
 */
export function findIdxFile(dir: string, base: string): string {
  const dotted = base.replace(/-(idx\d-ubyte)$/, '.$1');
  const names = [base, `${base}.gz`, dotted, `${dotted}.gz`];
  for (const n of names) {
    const f = join(dir, n);
    if (isFile(f)) return f;
  }
  throw new IOError(`No ${names.join(' / ')} in ${dir}.`);
}

export interface IdxImagePart extends DatasetPart {
  /** Rows × columns of one image, whatever the layout of `x`. */
  readonly imageSize: readonly [number, number];
}

/** Reads an images + labels IDX pair into float32 pixels ÷ 255 and class names. */
export function readIdxImages(
  imagesFile: string,
  labelsFile: string,
  classNames: readonly string[],
  flatten: boolean,
  options: { maxInflatedBytes?: number } = {},
): IdxImagePart {
  const images = readIdx(imagesFile, options);
  const labels = readIdx(labelsFile, options);
  if (images.dtype !== 'uint8' || images.shape.length !== 3) {
    throw new DataError(
      `${imagesFile}: expected uint8 images [n, rows, cols], got ${images.dtype} [${images.shape.join(', ')}].`,
    );
  }
  if (labels.shape.length !== 1 || labels.shape[0] !== images.shape[0]) {
    throw new DataError(
      `${labelsFile} has ${labels.shape[0]} labels for ${images.shape[0]} images in ${imagesFile}; the files do not belong together.`,
    );
  }
  const [n, h, w] = images.shape;
  const pixels = new Float32Array(images.data.length);
  const src = images.data;
  for (let i = 0; i < src.length; i++) pixels[i] = src[i] / 255;
  const names = Array.from(labels.data, (v, i) => {
    const name = classNames[v];
    if (name === undefined)
      throw new DataError(`${labelsFile}: label ${v} at row ${i} is outside 0..${classNames.length - 1}.`);
    return name;
  });
  return {
    x: new TensorData(flatten ? [n, h * w] : [n, h, w, 1], 'float32', pixels),
    labels: names,
    imageSize: [h, w],
  };
}

/**
 * Train and test images must have one size: a model trained on one cannot score the other, and
 * finding out at evaluate time (after training) is too late.
 */
export function checkSameImageSize(
  train: IdxImagePart,
  trainFile: string,
  test: IdxImagePart,
  testFile: string,
): void {
  const [th, tw] = train.imageSize;
  const [sh, sw] = test.imageSize;
  if (th !== sh || tw !== sw) {
    throw new DataError(
      `${testFile} has ${sh}×${sw} images but ${trainFile} has ${th}×${tw}; train and test files ` +
        'must come from the same data set. Check the directory for files of another data set.',
    );
  }
}
