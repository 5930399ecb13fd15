import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Rng } from '@a3/core';
import { loadFashionMnist, readIdx } from '@a3/data';
import { BYTE_MUTATORS, type Mutator } from '../mutate/bytes';
import type { FuzzFormat, FuzzInput } from './format';
import { gzip, idxImages, idxLabels } from './fixtures';

const DIMS = [0, 1, 27, 29, 0x7fffffff, 0x80000000, 0xffffffff, 65_536];

const IDX_MUTATORS: Readonly<Record<string, Mutator>> = {
  ...BYTE_MUTATORS,
  dimension(bytes, rng) {
    const out = bytes.slice();
    const rank = out[3] ?? 0;
    if (out.length >= 8 && rank > 0) {
      const at = 4 + 4 * rng.int(Math.min(rank, Math.floor((out.length - 4) / 4)));
      Buffer.from(out.buffer).writeUInt32BE(DIMS[rng.int(DIMS.length)], at);
    }
    return out;
  },
  typeOrRank(bytes, rng) {
    const out = bytes.slice();
    if (out.length >= 4) out[2 + rng.int(2)] = [0, 1, 3, 8, 9, 0x0b, 0x0c, 0x0d, 0x0e, 0xff][rng.int(10)];
    return out;
  },
  trailingData(bytes, rng) {
    return new Uint8Array(Buffer.concat([bytes, new Uint8Array(1 + rng.int(100_000))]));
  },
};

/** gzip-level edits; `inner` edits the IDX bytes inside and re-compresses (so CRCs stay valid). */
const GZ_MUTATORS: Readonly<Record<string, Mutator>> = {
  ...BYTE_MUTATORS,
  inner(bytes, rng) {
    const plain = tryGunzip(bytes);
    if (!plain) return BYTE_MUTATORS.bitFlips(bytes, rng);
    const names = Object.keys(IDX_MUTATORS);
    return gzip(IDX_MUTATORS[names[rng.int(names.length)]](plain, rng));
  },
  trailingInside(bytes, rng) {
    const plain = tryGunzip(bytes);
    if (!plain) return bytes.slice();
    return gzip(new Uint8Array(Buffer.concat([plain, new Uint8Array(1 + rng.int(8_000_000))])));
  },
  trailingOutside(bytes, rng) {
    const tail = rng.next() < 0.5 ? new Uint8Array(1 + rng.int(4096)) : bytes.subarray(bytes.length - 8);
    return new Uint8Array(Buffer.concat([bytes, tail]));
  },
  nested(bytes) {
    return gzip(bytes);
  },
  twoMembers(bytes) {
    return new Uint8Array(Buffer.concat([bytes, bytes]));
  },
  headerFlags(bytes, rng) {
    const out = bytes.slice();
    if (out.length > 3) out[3] = [2, 4, 8, 16, 0x1e, 0xe0][rng.int(6)];
    return out;
  },
  trailer(bytes, rng) {
    const out = bytes.slice();
    if (out.length >= 8) out[out.length - 1 - rng.int(8)] ^= 1 + rng.int(255);
    return out;
  },
};

function tryGunzip(bytes: Uint8Array): Uint8Array | null {
  try {
    return new Uint8Array(gunzipSync(bytes));
  } catch {
    return null;
  }
}

const NAMES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];

function mnistDirectory(compress: boolean, side: number): FuzzInput {
  const parts = [idxImages(3, side, side), idxLabels([9, 0, 5]), idxImages(2, side, side), idxLabels([8, 8])];
  return {
    files: Object.fromEntries(NAMES.map((n, i) => (compress ? [`${n}.gz`, gzip(parts[i])] : [n, parts[i]]))),
  };
}

/** IDX directories (the four MNIST files), plain or gzipped, through readIdx and the fashion-mnist recipe. */
export function idxFormat(cases: number, compressed: boolean): FuzzFormat {
  return {
    name: compressed ? 'idx-gz' : 'idx',
    cases,
    async prepare() {
      return [mnistDirectory(compressed, 28), mnistDirectory(compressed, 14)];
    },
    mutators: () => (compressed ? GZ_MUTATORS : IDX_MUTATORS),
    async read(dir: string, rng: Rng) {
      if (rng.next() < 0.5) return loadFashionMnist({ path: dir, flatten: rng.next() < 0.5 });
      const name = NAMES[rng.int(NAMES.length)];
      return readIdx(join(dir, compressed ? `${name}.gz` : name));
    },
  };
}
