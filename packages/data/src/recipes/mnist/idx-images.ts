import { join } from 'node:path';
import { DataError, IOError, TensorData } from '@a3/core';
import { isFile } from '../../io/read-bytes';
import { readIdx } from '../../idx/read-idx';
import type { DatasetPart } from '../recipe';

/**
 * The names an IDX file goes by in the wild: "train-images-idx3-ubyte", "train-images.idx3-ubyte",
 * each optionally ".gz".
 */
export function idxFileNames(base: string): string[] {
  const dotted = base.replace(/-(idx\d-ubyte)$/, '.$1');
  return [base, `${base}.gz`, dotted, `${dotted}.gz`];
}

/** Finds an IDX file in `dir` by its canonical name or a variant (idxFileNames). */
export function findIdxFile(dir: string, base: string): string {
  const names = idxFileNames(base);
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

export interface IdxImageOptions {
  readonly maxInflatedBytes?: number;
  /**
   * The files store each image column by column (EMNIST): swap rows and columns so images come
   * out upright, row by row, like MNIST's.
   */
  readonly transpose?: boolean;
}

/**
 * Reads an images + labels IDX pair into float32 pixels ÷ 255 and class names. `classNames[label]`
 * names each label; a label without a name (outside the array, or a hole such as EMNIST letters'
 * unused 0) is an error.
 */
export function readIdxImages(
  imagesFile: string,
  labelsFile: string,
  classNames: readonly (string | undefined)[],
  flatten: boolean,
  options: IdxImageOptions = {},
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
  const [n, rows, cols] = images.shape;
  const pixels = new Float32Array(images.data.length);
  const src = images.data;
  if (options.transpose) {
    // Stored [rows][cols] is the image's [cols][rows]: pixel (r, c) of the upright image sits at
    // stored (c, r), so the upright image is `rows` wide and `cols` tall.
    const size = rows * cols;
    for (let k = 0; k < n; k++) {
      const base = k * size;
      for (let r = 0; r < cols; r++) {
        for (let c = 0; c < rows; c++) pixels[base + r * rows + c] = src[base + c * cols + r] / 255;
      }
    }
  } else {
    for (let i = 0; i < src.length; i++) pixels[i] = src[i] / 255;
  }
  const [h, w] = options.transpose ? [cols, rows] : [rows, cols];
  const names = Array.from(labels.data, (v, i) => {
    const name = classNames[v];
    if (name === undefined) {
      throw new DataError(
        `${labelsFile}: label ${v} at row ${i} is not a class of this data set (labels ${labelRange(classNames)}). ` +
          'Check that the labels file belongs to this data set.',
      );
    }
    return name;
  });
  return {
    x: new TensorData(flatten ? [n, h * w] : [n, h, w, 1], 'float32', pixels),
    labels: names,
    imageSize: [h, w],
  };
}

/** The named labels as "first..last" (EMNIST letters: 1..26). */
function labelRange(classNames: readonly (string | undefined)[]): string {
  const first = classNames.findIndex((c) => c !== undefined);
  let last = classNames.length - 1;
  while (last > first && classNames[last] === undefined) last--;
  return `${first}..${last}`;
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
