import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FormatError, InvalidArgumentError } from '@a3/core';
import { readIdx } from '../idx/read-idx';
import { readNpz } from '../npy/npz';
import { loadAdbench } from '../recipes/adbench/adbench';
import { gzip, idxBytes, idxImages, npyBytes, npyFloat64, zipBytes } from '../testing/archive-builders';
import { TempDir } from '../testing/temp-files';
import { DEFAULT_MAX_INFLATED_BYTES, INFLATE_LIMIT_ENV, resolveInflateLimit } from './inflate-limit';

const tmp = new TempDir();
afterAll(() => tmp.remove());
afterEach(() => {
  delete process.env[INFLATE_LIMIT_ENV];
});

const MiB = 1024 * 1024;
/** 8 MB of zeros as a float64 .npy: deflates to ~8 KB (≈1000:1), a small decompression bomb. */
const ZEROS = npyBytes('<f8', [1_000_000], new Uint8Array(8_000_000));
const X = npyFloat64(
  Array.from({ length: 40 }, (_, i) => i / 4),
  [20, 2],
);
const Y = npyFloat64(Array.from({ length: 20 }, (_, i) => (i % 5 === 0 ? 1 : 0)));

describe('the inflate limit', () => {
  it('defaults to 2 GiB and is set by option or by A3_MAX_INFLATED_BYTES (bytes, or with K/M/G)', () => {
    expect(DEFAULT_MAX_INFLATED_BYTES).toBe(2 * 1024 * MiB);
    expect(resolveInflateLimit()).toBe(DEFAULT_MAX_INFLATED_BYTES);
    process.env[INFLATE_LIMIT_ENV] = '3M';
    expect(resolveInflateLimit()).toBe(3 * MiB);
    expect(resolveInflateLimit(1000)).toBe(1000);
    process.env[INFLATE_LIMIT_ENV] = '4096';
    expect(resolveInflateLimit()).toBe(4096);
    process.env[INFLATE_LIMIT_ENV] = 'lots';
    expect(() => resolveInflateLimit()).toThrow(InvalidArgumentError);
    expect(() => resolveInflateLimit()).toThrow(/A3_MAX_INFLATED_BYTES must be .* got "lots"/);
    expect(() => resolveInflateLimit(-1)).toThrow(/maxInflatedBytes/);
  });
});

describe('npz decompression bombs', () => {
  const bomb = tmp.write(
    'unused-member.npz',
    zipBytes([
      { name: 'X.npy', data: X },
      { name: 'y.npy', data: Y },
      { name: 'unused.npy', data: ZEROS },
    ]),
  );

  it('inflates only the arrays that are read (regression: an unused 3 GB member drove RSS to 8.7 GB)', async () => {
    const arrays = readNpz(bomb, { arrays: ['X', 'y'], maxInflatedBytes: MiB });
    expect([...arrays.keys()]).toEqual(['X', 'y']);
    expect(arrays.get('X')?.shape).toEqual([20, 2]);
    process.env[INFLATE_LIMIT_ENV] = String(MiB);
    const d = await loadAdbench({ path: bomb, seed: 1 });
    expect(d.train.x.shape[0] + d.test.x.shape[0]).toBe(20);
  });

  it('refuses a member that declares more than the limit, before inflating it', () => {
    const err = errorOf(() => readNpz(bomb, { maxInflatedBytes: MiB }));
    expect(err).toBeInstanceOf(FormatError);
    expect(err.message).toMatch(
      /unused-member\.npz: "unused\.npy" inflates to 8,000,128 bytes \(after 736 bytes of other arrays\), more than the limit of 1,048,576 .*A3_MAX_INFLATED_BYTES/,
    );
    expect(readNpz(bomb).get('unused')?.shape).toEqual([1_000_000]);
  });

  it('counts the limit over all members read, not per member', () => {
    const two = tmp.write(
      'two.npz',
      zipBytes([
        { name: 'a.npy', data: ZEROS },
        { name: 'b.npy', data: ZEROS },
      ]),
    );
    expect(errorOf(() => readNpz(two, { maxInflatedBytes: 12 * MiB })).message).toMatch(/"b\.npy" .*limit/);
  });

  it('checks the declared size against the .npy header before inflating (regression: X.npy inflating to 3 GB)', () => {
    // Honest sizes, but the header says [20, 2] while 8 MB follow it.
    const padded = tmp.write(
      'padded.npz',
      zipBytes([{ name: 'X.npy', data: npyBytes('<f8', [20, 2], new Uint8Array(8_000_000)) }]),
    );
    expect(errorOf(() => readNpz(padded)).message).toMatch(
      /padded\.npz: "X\.npy" declares 8,000,128 bytes but its \.npy header \(shape \[20, 2\], <f8\) needs 448/,
    );
    // The zip directory lies: it declares the 448 bytes the header needs, the stream inflates to 8 MB.
    const lying = tmp.write(
      'lying.npz',
      zipBytes([
        { name: 'X.npy', data: npyBytes('<f8', [20, 2], new Uint8Array(8_000_000)), declaredSize: 448 },
      ]),
    );
    expect(errorOf(() => readNpz(lying)).message).toMatch(
      /lying\.npz: "X\.npy" inflates to more than the 448 bytes its zip header declares/,
    );
  });

  it('rejects archives that name an entry twice', () => {
    const dup = tmp.write(
      'dup.npz',
      zipBytes([
        { name: 'X.npy', data: X },
        { name: 'X.npy', data: Y },
      ]),
    );
    expect(errorOf(() => readNpz(dup)).message).toMatch(
      /dup\.npz: the archive has two entries named "X\.npy"/,
    );
  });
});

describe('IDX gzip bombs', () => {
  const images = idxImages(2, 2, 3);

  it('rejects data after the array a gzip stream declares, before inflating (regression: 3 GB of trailing zeros)', () => {
    const padded = new Uint8Array(images.length + 8_000_000);
    padded.set(images);
    const f = tmp.write('padded-idx3-ubyte.gz', gzip(padded));
    const err = errorOf(() => readIdx(f));
    expect(err).toBeInstanceOf(FormatError);
    expect(err.message).toMatch(
      /padded-idx3-ubyte\.gz: the gzip trailer records 8,000,028 bytes but the IDX header \(shape \[2, 2, 3\], uint8\) declares 28/,
    );
  });

  it('rejects bytes after the gzip stream', () => {
    const gz = gzip(images);
    const withZeros = tmp.write('zeros.gz', Buffer.concat([gz, Buffer.alloc(4096)]));
    expect(errorOf(() => readIdx(withZeros)).message).toMatch(
      /zeros\.gz: the gzip trailer records 0 bytes .* after the gzip stream/,
    );
    // The file ends in the right size field, so only reading the stream to its end finds the extra bytes.
    const tail = tmp.write('tail.gz', Buffer.concat([gz, gz.subarray(gz.length - 8)]));
    expect(errorOf(() => readIdx(tail)).message).toMatch(/tail\.gz has 8 bytes after its gzip stream/);
  });

  it('rejects plain IDX files with bytes after the declared data', () => {
    const f = tmp.write('long-idx3-ubyte', Buffer.concat([images, Buffer.alloc(10)]));
    expect(errorOf(() => readIdx(f)).message).toMatch(
      /long-idx3-ubyte has 10 bytes after the 28 its header declares/,
    );
  });

  it('refuses to inflate more than the limit', () => {
    const big = tmp.write('big-idx3-ubyte.gz', gzip(idxImages(2000, 28, 28)));
    expect(errorOf(() => readIdx(big, { maxInflatedBytes: MiB })).message).toMatch(
      /big-idx3-ubyte\.gz declares 1,568,016 bytes .*more than the limit of 1,048,576 .*A3_MAX_INFLATED_BYTES/,
    );
    expect(readIdx(big).shape).toEqual([2000, 28, 28]);
  });

  it('does not trust the header alone: a stream shorter or longer than declared fails', () => {
    const short = idxBytes(0x08, [100], new Uint8Array(100));
    const cut = gzip(short.subarray(0, 50));
    const f = tmp.write('short.gz', cut);
    expect(errorOf(() => readIdx(f)).message).toMatch(
      /short\.gz: the gzip trailer records 50 bytes but the IDX header .* declares 108/,
    );
  });
});

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}
