import { readdirSync } from 'node:fs';
import { IOError, InvalidArgumentError } from '@a3/core';
import { quoteInput } from '../../messages/quote';
import { checkSameImageSize, findIdxFile, idxFileNames, readIdxImages } from '../mnist/idx-images';
import type { LoadedDataset, Recipe, RecipeOptions } from '../recipe';
import { countClasses, requirePath } from '../tabular-dataset';
import { EMNIST_SPLITS, type EmnistSplit } from './splits';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();

/**
 * Class name of each label, as in the distribution's emnist-<split>-mapping.txt. Letters: labels
 * 1..26 are 'a'..'z' (upper and lower case merged; 0 is unused). Balanced: 47 classes — digits,
 * the 26 upper-case letters, and the 11 lower-case letters whose shape differs from their capital
 * (c, i, j, k, l, m, o, p, s, u, v, w, x, y, z were merged into their capitals).
 */
const CLASS_NAMES: Readonly<Record<EmnistSplit, readonly (string | undefined)[]>> = {
  letters: [undefined, ...LOWER],
  balanced: [...'0123456789', ...UPPER, ...'abdefghnqrt'],
};

/** The four files of a split: emnist-<split>-{train,test}-{images-idx3,labels-idx1}-ubyte(.gz). */
function fileBase(split: EmnistSplit, part: 'train' | 'test', kind: 'images' | 'labels'): string {
  return `emnist-${split}-${part}-${kind}-${kind === 'images' ? 'idx3' : 'idx1'}-ubyte`;
}

const FILES =
  'emnist-<split>-train-images-idx3-ubyte, emnist-<split>-train-labels-idx1-ubyte, ' +
  'emnist-<split>-test-images-idx3-ubyte, emnist-<split>-test-labels-idx1-ubyte ' +
  `(split: ${EMNIST_SPLITS.join(' or ')}; optionally .gz)`;

export const emnistRecipe: Recipe = {
  name: 'emnist',
  description:
    'EMNIST letters (26 classes, 88,800 train / 14,800 test) or balanced (47 classes, 112,800 / 18,800) ' +
    '28×28 grey images, turned upright like MNIST, pixels ÷ 255.',
  source:
    'the EMNIST distribution of NIST (https://www.nist.gov/itl/products-and-services/emnist-dataset, ' +
    '"Binary format as the original MNIST dataset": gzip.zip holds the .gz IDX files).',
  files: `a directory with ${FILES}`,
  classes: `letters: "a" … "z"; balanced: "0" … "9", "A" … "Z", "a", "b", "d", "e", "f", "g", "h", "n", "q", "r", "t"`,
  load: loadEmnist,
};

/**
 * EMNIST from its IDX files. The files store every image transposed (column by column) relative
 * to MNIST; they are transposed back so letters appear upright, as MNIST digits do, and a model or
 * plot sees both data sets the same way round. The split is `options.split`, or the one whose
 * files are in the directory.
 */
export async function loadEmnist(options: RecipeOptions = {}): Promise<LoadedDataset> {
  const dir = requirePath(options, emnistRecipe);
  const split = options.split ?? detectSplit(dir);
  if (!(EMNIST_SPLITS as readonly string[]).includes(split)) {
    throw new InvalidArgumentError(
      `emnist: split ${quoteInput(split)} is not one of ${EMNIST_SPLITS.join(', ')}.`,
    );
  }
  const classes = CLASS_NAMES[split];
  const flatten = options.flatten ?? false;
  const read = { maxInflatedBytes: options.maxInflatedBytes, transpose: true };
  const file = (part: 'train' | 'test', kind: 'images' | 'labels') =>
    findIdxFile(dir, fileBase(split, part, kind));
  const trainImages = file('train', 'images');
  const testImages = file('test', 'images');
  const train = readIdxImages(trainImages, file('train', 'labels'), classes, flatten, read);
  const test = readIdxImages(testImages, file('test', 'labels'), classes, flatten, read);
  checkSameImageSize(train, trainImages, test, testImages);
  return {
    name: 'emnist',
    train: { x: train.x, labels: train.labels },
    test: { x: test.x, labels: test.labels },
    classCounts: countClasses(train.labels, test.labels),
    normalClasses: [],
    notes: [`read EMNIST ${split} from ${dir} (images transposed to upright)`],
  };
}

/** The split whose training images are in `dir`; an error when none or both are. */
function detectSplit(dir: string): EmnistSplit {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw new IOError(`emnist: cannot list ${dir}: ${(err as Error).message}`, { cause: err });
  }
  const found = EMNIST_SPLITS.filter((split) =>
    idxFileNames(fileBase(split, 'train', 'images')).some((n) => names.includes(n)),
  );
  if (found.length === 1) return found[0];
  if (found.length === 0) {
    throw new IOError(`emnist: no EMNIST training images in ${dir}; expected ${FILES}.`);
  }
  throw new InvalidArgumentError(
    `emnist: ${dir} holds the files of both the letters and the balanced split; choose one with the ` +
      'split option (split: "letters" or "balanced"), or keep one split per directory for the a3 CLI.',
  );
}
