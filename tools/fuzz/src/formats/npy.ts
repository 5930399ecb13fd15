import { join } from 'node:path';
import type { Rng } from '@a3/core';
import { loadAdbench, readNpy, readNpz, ZipArchive } from '@a3/data';
import { BYTE_MUTATORS, type Mutator } from '../mutate/bytes';
import type { FuzzFormat } from './format';
import { npyBytes, npyFloat64, numpyFixtures, zipBytes, type ZipEntrySpec } from './fixtures';

const SHAPES = [
  '(99999999999, 3)',
  '(-1,)',
  '(18446744073709551616,)',
  '(0,)',
  '(3, 0x10)',
  '(1e3,)',
  '()',
  '(4294967296, 4294967296)',
  '(2,3,4,5,6,7,8,9,10,11)',
  '(3L,)',
];
const DESCRS = ['<U3', '|O', '<f16', '>i8', '<c8', '', '|b1', '<f2', 'x'.repeat(1000), "<f8', 'extra': '"];

/** Rewrites the .npy header dict through `edit` and re-frames it (version 1 or 2 by length). */
function editHeader(bytes: Uint8Array, edit: (header: string, rng: Rng) => string, rng: Rng): Uint8Array {
  if (bytes.length < 10 || bytes[0] !== 0x93) return bytes.slice();
  const v = bytes[6] === 1 ? 1 : 2;
  const start = v === 1 ? 10 : 12;
  const len = v === 1 ? bytes[8] | (bytes[9] << 8) : Buffer.from(bytes).readUInt32LE(8);
  const header = edit(Buffer.from(bytes.subarray(start, start + len)).toString('latin1'), rng);
  const body = bytes.subarray(Math.min(bytes.length, start + len));
  const text = Buffer.from(header, 'latin1');
  const big = text.length > 0xffff;
  const prologue = Buffer.alloc(big ? 12 : 10);
  prologue.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, big ? 2 : 1, 0]);
  if (big) prologue.writeUInt32LE(text.length, 8);
  else prologue.writeUInt16LE(text.length, 8);
  return new Uint8Array(Buffer.concat([prologue, text, body]));
}

export const NPY_MUTATORS: Readonly<Record<string, Mutator>> = {
  ...BYTE_MUTATORS,
  shape: (b, rng) => editHeader(b, (h, r) => h.replace(/\([^)]*\)/, SHAPES[r.int(SHAPES.length)]), rng),
  descr: (b, rng) =>
    editHeader(b, (h, r) => h.replace(/'descr': '[^']*'/, `'descr': '${DESCRS[r.int(DESCRS.length)]}'`), rng),
  fortran: (b, rng) => editHeader(b, (h) => h.replace('False', 'True'), rng),
  hugeHeader: (b, rng) => editHeader(b, (h, r) => h + ' '.repeat(r.next() < 0.5 ? 70_000 : 1000), rng),
  headerLength(bytes, rng) {
    const out = bytes.slice();
    if (out.length >= 12) Buffer.from(out.buffer).writeUInt32LE([0, 1, 0xffff, 0xffffffff][rng.int(4)], 8);
    return out;
  },
  version(bytes, rng) {
    const out = bytes.slice();
    if (out.length > 7) out[6] = [0, 1, 2, 3, 4, 255][rng.int(6)];
    return out;
  },
};

/** .npy files (numpy-written fixtures of every dtype, Fortran order, v1–v3) through readNpy. */
export function npyFormat(cases: number): FuzzFormat {
  return {
    name: 'npy',
    cases,
    async prepare() {
      return numpyFixtures('.npy').map((bytes) => ({ files: { 'a.npy': bytes } }));
    },
    mutators: () => NPY_MUTATORS,
    async read(dir) {
      return readNpy(join(dir, 'a.npy'));
    },
  };
}

/** The entries of an archive with their content, or null when it no longer parses. */
function entriesOf(bytes: Uint8Array): ZipEntrySpec[] | null {
  try {
    const zip = new ZipArchive(bytes, 'seed');
    return zip.entries.map((e) => ({ name: e.name, data: zip.read(e.name), method: e.method === 0 ? 0 : 8 }));
  } catch {
    return null;
  }
}

/** A zip-level mutation: rebuild the archive from edited entries (falls back to a bit flip). */
function zipEdit(edit: (entries: ZipEntrySpec[], rng: Rng, whole: Uint8Array) => ZipEntrySpec[]): Mutator {
  return (bytes, rng) => {
    const entries = entriesOf(bytes);
    return entries ? zipBytes(edit(entries, rng, bytes)) : BYTE_MUTATORS.bitFlips(bytes, rng);
  };
}

function zerosNpy(values: number): Uint8Array {
  return npyBytes('<f8', [values], new Uint8Array(values * 8));
}

/** Overwrites a 16- or 32-bit field in the central directory or end record (sizes, lengths, offsets). */
const directoryField: Mutator = (bytes, rng) => {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  let eocd = -1;
  for (let i = out.length - 22; i >= 0 && eocd === -1; i--)
    if (view.getUint32(i, true) === 0x06054b50) eocd = i;
  if (eocd === -1) return BYTE_MUTATORS.interestingInteger(bytes, rng);
  const cd = Math.min(view.getUint32(eocd + 16, true), eocd);
  const at = cd + rng.int(eocd + 18 - cd);
  const values = [0, 1, 0xff, 0xffff, 0x7fffffff, 0xffffffff, out.length, out.length - 1];
  const v = values[rng.int(values.length)];
  if (rng.next() < 0.5) view.setUint16(at, v & 0xffff, true);
  else view.setUint32(at, v >>> 0, true);
  return out;
};

const NPZ_MUTATORS: Readonly<Record<string, Mutator>> = {
  ...BYTE_MUTATORS,
  directoryField,
  directoryField2: directoryField,
  duplicateEntry: zipEdit((es, rng) => [...es, { ...es[rng.int(es.length)] }]),
  lyingSize: zipEdit((es, rng) => {
    const k = rng.int(es.length);
    const sizes = [0, 1, 0xffffffff, 3_000_000_000, es[k].data.length * 1000, es[k].data.length - 1];
    return es.map((e, i) => (i === k ? { ...e, declaredSize: sizes[rng.int(sizes.length)] } : e));
  }),
  wrongCrc: zipEdit((es, rng) =>
    es.map((e, i) => (i === rng.int(es.length) ? { ...e, crc: rng.nextUint32() } : e)),
  ),
  bombMember: zipEdit((es, rng) => {
    const n = 1 + rng.int(1_000_000);
    const bomb = zerosNpy(n);
    const honest = rng.next() < 0.5;
    return [
      ...es,
      {
        name: rng.next() < 0.5 ? 'unused.npy' : 'X.npy',
        data: bomb,
        ...(honest ? {} : { declaredSize: 128 + 8 * rng.int(n) }),
      },
    ];
  }),
  paddedArray: zipEdit((es, rng) => {
    const k = rng.int(es.length);
    const extra = new Uint8Array(1 + rng.int(2_000_000));
    return es.map((e, i) => (i === k ? { ...e, data: new Uint8Array(Buffer.concat([e.data, extra])) } : e));
  }),
  nestedArchive: zipEdit((es, _rng, whole) => [
    ...es.filter((e) => e.name !== 'X.npy'),
    { name: 'X.npy', data: whole },
  ]),
  entryName: zipEdit((es, rng) => {
    const names = ['../../x.npy', '/abs.npy', 'x'.repeat(60_000), 'X.npy/', '', 'X', 'y.npy\u0000.txt'];
    const k = rng.int(es.length);
    return es.map((e, i) => (i === k ? { ...e, name: names[rng.int(names.length)] } : e));
  }),
  innerArray: zipEdit((es, rng) => {
    const k = rng.int(es.length);
    const names = Object.keys(NPY_MUTATORS);
    return es.map((e, i) =>
      i === k ? { ...e, data: NPY_MUTATORS[names[rng.int(names.length)]](e.data, rng) } : e,
    );
  }),
  storedMethod: zipEdit((es) => es.map((e) => ({ ...e, method: e.method === 0 ? 8 : 0 }))),
};

const X = npyFloat64(
  Array.from({ length: 60 }, (_, i) => (i * 7) % 13),
  [20, 3],
);
const Y = npyFloat64(Array.from({ length: 20 }, (_, i) => (i % 4 === 0 ? 1 : 0)));

/** .npz archives through readNpz (all arrays, or X and y only) and the ADBench recipe. */
export function npzFormat(cases: number): FuzzFormat {
  return {
    name: 'npz',
    cases,
    async prepare() {
      const made = [
        zipBytes([
          { name: 'X.npy', data: X },
          { name: 'y.npy', data: Y },
        ]),
        zipBytes([
          { name: 'X.npy', data: X, method: 0 },
          { name: 'y.npy', data: Y, method: 0 },
        ]),
        zipBytes([
          { name: 'X.npy', data: X },
          { name: 'y.npy', data: Y },
          { name: 'meta.npy', data: npyBytes('<i4', [2, 2, 2], new Uint8Array(32)) },
        ]),
      ];
      return [...numpyFixtures('.npz'), ...made].map((bytes) => ({ files: { 'a.npz': bytes } }));
    },
    mutators: () => NPZ_MUTATORS,
    async read(dir, rng) {
      const file = join(dir, 'a.npz');
      switch (rng.int(3)) {
        case 0:
          return readNpz(file);
        case 1:
          return readNpz(file, { arrays: ['X', 'y'] });
        default:
          return loadAdbench({ path: file, seed: 1 });
      }
    },
  };
}
