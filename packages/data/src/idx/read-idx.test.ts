import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { FormatError } from '@a3/core';
import { TempDir } from '../testing/temp-files';
import { readIdx } from './read-idx';

const tmp = new TempDir();
afterAll(() => tmp.remove());

function idx(type: number, shape: number[], body: number[]): Uint8Array {
  const head = [0, 0, type, shape.length];
  for (const d of shape) head.push((d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  return Uint8Array.from([...head, ...body]);
}

describe('readIdx', () => {
  it('reads uint8 images, plain and gzip (detected by magic, not by name)', () => {
    const bytes = idx(0x08, [2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
    const plain = readIdx(tmp.write('images-idx3-ubyte', bytes));
    expect(plain.shape).toEqual([2, 2, 3]);
    expect(plain.dtype).toBe('uint8');
    expect(Array.from(plain.data)).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
    const gz = readIdx(tmp.write('renamed-without-suffix', gzipSync(bytes)));
    expect(Array.from(gz.data)).toEqual(Array.from(plain.data));
  });

  it('decodes big-endian wider types', () => {
    const i32 = readIdx(tmp.write('i32', idx(0x0c, [2], [0xff, 0xff, 0xff, 0xfe, 0, 0, 1, 0])));
    expect(Array.from(i32.data)).toEqual([-2, 256]);
    const f32 = readIdx(tmp.write('f32', idx(0x0d, [1], [0x3f, 0xc0, 0, 0])));
    expect(Array.from(f32.data)).toEqual([1.5]);
  });

  it('names the file on a wrong magic, a truncated body or a broken gzip', () => {
    const wrong = tmp.write('page.html', '<html>not found</html>');
    expect(() => readIdx(wrong)).toThrow(FormatError);
    expect(() => readIdx(wrong)).toThrow(/page\.html is not an IDX file: magic bytes are \[3c 68 74 6d\]/);
    const short = tmp.write('short-idx1', idx(0x08, [10], [1, 2, 3]));
    expect(() => readIdx(short)).toThrow(
      /short-idx1 is truncated: shape \[10\] needs 18 bytes but the file has 11/,
    );
    const gz = gzipSync(idx(0x08, [4], [1, 2, 3, 4]));
    const cut = tmp.write('cut.gz', gz.subarray(0, gz.length - 6));
    expect(() => readIdx(cut)).toThrow(/cut\.gz: the gzip trailer records [\d,]+ bytes .*truncated/);
    const broken = gzipSync(idx(0x08, [4], [1, 2, 3, 4]));
    broken[12] ^= 0xff;
    expect(() => readIdx(tmp.write('broken.gz', broken))).toThrow(
      /broken\.gz starts like a gzip file but does not inflate|broken\.gz is not an IDX file/,
    );
  });
});
