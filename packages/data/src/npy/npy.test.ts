import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FormatError } from '@a3/core';
import { sharedData } from '../testing/shared-data';
import { TempDir } from '../testing/temp-files';
import { type NpyArray, npyToNumbers, npyToTensor, readNpy } from './npy';
import { readNpz } from './npz';

// Fixtures written by numpy 2.4 (numpy.lib.format.write_array / np.savez / np.savez_compressed).
const fixtures = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures');
const fx = (name: string): string => join(fixtures, name);
const tmp = new TempDir();
const nums = (a: NpyArray): number[] => Array.from(npyToNumbers(a));
afterAll(() => tmp.remove());

describe('readNpy', () => {
  it('reads format versions 1, 2 and 3', () => {
    const v1 = readNpy(fx('f8-v1.npy'));
    expect(v1).toMatchObject({ shape: [2, 3], dtype: 'float64' });
    expect(nums(v1)).toEqual([1.5, -2, 3.25, 4, 5.5, -6.75]);
    const v2 = readNpy(fx('f4-v2.npy'));
    expect(v2.dtype).toBe('float32');
    expect(nums(v2)).toEqual([1.5, -2, 3.25, 4, 5.5, -6.75]);
    const v3 = readNpy(fx('i4-v3.npy'));
    expect(v3).toMatchObject({ shape: [2, 2], dtype: 'int32' });
    expect(nums(v3)).toEqual([1, -2, 3, 2 ** 31 - 1]);
  });

  it('reads every supported dtype, including big-endian and float16', () => {
    expect(npyToNumbers(readNpy(fx('i8.npy')))).toEqual(Float64Array.from([0, -1, 2 ** 40]));
    expect(nums(readNpy(fx('u1.npy')))).toEqual([0, 7, 255]);
    expect(readNpy(fx('b1.npy'))).toMatchObject({ dtype: 'bool', data: Uint8Array.from([1, 0, 1]) });
    expect(nums(readNpy(fx('i2.npy')))).toEqual([-300, 300]);
    expect(nums(readNpy(fx('u4.npy')))).toEqual([1, 2 ** 32 - 1]);
    expect(nums(readNpy(fx('f8-big-endian.npy')))).toEqual([1.5, -2]);
    expect(nums(readNpy(fx('f2.npy')))).toEqual([0.5, -1, 65504]);
  });

  it('transposes Fortran-ordered arrays into C order', () => {
    const a = readNpy(fx('i4-fortran.npy'));
    expect(a.shape).toEqual([2, 3, 4]);
    expect(nums(a)).toEqual(Array.from({ length: 24 }, (_, i) => i));
  });

  it('converts to a float32 tensor', () => {
    const t = npyToTensor(readNpy(fx('i4-v3.npy')));
    expect(t.shape).toEqual([2, 2]);
    expect(t.dtype).toBe('float32');
  });

  it('fails with the file name on bad magic, truncation and unsupported dtypes', () => {
    expect(() => readNpy(tmp.write('x.npy', 'hello world'))).toThrow(/x\.npy is not a \.npy file/);
    const bytes = readFileSync(fx('f8-v1.npy'));
    expect(() => readNpy(tmp.write('cut.npy', bytes.subarray(0, bytes.length - 8)))).toThrow(
      /cut\.npy is truncated: shape \(2, 3\) of <f8 needs 48 data bytes, the file has 40/,
    );
    const unicode = Buffer.from(bytes);
    unicode.write("'<U3'", unicode.indexOf("'<f8'"), 'latin1');
    expect(() => readNpy(tmp.write('u.npy', unicode))).toThrow(FormatError);
    expect(() => readNpy(tmp.write('u.npy', unicode))).toThrow(/dtype "<U3" is not supported/);
  });
});

describe('readNpz', () => {
  it('reads stored and deflated archives into named arrays', () => {
    for (const name of ['stored.npz', 'deflated.npz']) {
      const arrays = readNpz(fx(name));
      expect([...arrays.keys()]).toEqual(['X', 'y']);
      expect(arrays.get('X')).toMatchObject({ shape: [4, 3], dtype: 'float64' });
      expect(arrays.get('X')?.data[11]).toBe(11 / 4);
      expect(npyToNumbers(arrays.get('y') as NpyArray)).toEqual(Float64Array.from([0, 1, 0, 1]));
    }
  });

  it('detects corruption: truncated archive, flipped byte (CRC), non-zip', () => {
    const bytes = readFileSync(fx('stored.npz'));
    expect(() => readNpz(tmp.write('t.npz', bytes.subarray(0, 200)))).toThrow(/t\.npz is not a zip archive/);
    const flipped = Buffer.from(bytes);
    flipped[200] ^= 0xff;
    expect(() => readNpz(tmp.write('f.npz', flipped))).toThrow(/CRC-32|not a \.npy|truncated/);
    expect(() => readNpz(fx('f8-v1.npy'))).toThrow(/single \.npy array, not an \.npz/);
  });
});

const adbench = sharedData('adbench');
describe.skipIf(!adbench.available)(`readNpz on ADBench (${adbench.reason || adbench.path})`, () => {
  it.each([
    ['6_cardio.npz', [1831, 21], 'float64', 176],
    ['38_thyroid.npz', [3772, 6], 'float64', 93],
    ['32_shuttle.npz', [49097, 9], 'int16', 3511],
  ])('%s: X %j %s, y with %i anomalies', (file, shape, dtype, anomalies) => {
    const arrays = readNpz(join(adbench.path, file));
    expect(arrays.get('X')).toMatchObject({ shape, dtype });
    const y = npyToNumbers(arrays.get('y') as NpyArray);
    expect(y.length).toBe(shape[0]);
    expect(y.reduce((a, b) => a + b, 0)).toBe(anomalies);
  });
});
