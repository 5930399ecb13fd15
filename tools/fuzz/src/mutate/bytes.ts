import type { Rng } from '@a3/core';

/** One mutation: a new byte array from an old one (never edits its input). */
export type Mutator = (bytes: Uint8Array, rng: Rng) => Uint8Array;

/** Boundary values that break size arithmetic: 0, -1, sign bits, 2^31, 2^32 - 1, 2^53. */
const INTERESTING_U32 = [0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff];

function splice(bytes: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at));
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

function position(bytes: Uint8Array, rng: Rng): number {
  return rng.int(bytes.length + 1);
}

/** Format-independent mutations, applied to any file. */
export const BYTE_MUTATORS: Readonly<Record<string, Mutator>> = {
  bitFlips(bytes, rng) {
    const out = bytes.slice();
    const flips = 1 + rng.int(8);
    for (let k = 0; k < flips && out.length; k++) out[rng.int(out.length)] ^= 1 << rng.int(8);
    return out;
  },
  truncate(bytes, rng) {
    return bytes.slice(0, rng.int(bytes.length + 1));
  },
  insertRandom(bytes, rng) {
    const n = 1 + rng.int(64);
    return splice(
      bytes,
      position(bytes, rng),
      0,
      Uint8Array.from({ length: n }, () => rng.int(256)),
    );
  },
  deleteRange(bytes, rng) {
    const at = position(bytes, rng);
    return splice(bytes, at, Math.min(bytes.length - at, 1 + rng.int(64)), new Uint8Array(0));
  },
  duplicateRange(bytes, rng) {
    const at = position(bytes, rng);
    const len = Math.min(bytes.length - at, 1 + rng.int(256));
    const copies = 1 + rng.int(rng.next() < 0.2 ? 2000 : 4);
    const chunk = bytes.subarray(at, at + len);
    const insert = new Uint8Array(chunk.length * copies);
    for (let c = 0; c < copies; c++) insert.set(chunk, c * chunk.length);
    return splice(bytes, position(bytes, rng), 0, insert);
  },
  insertNul(bytes, rng) {
    return splice(bytes, position(bytes, rng), 0, new Uint8Array(1 + rng.int(16)));
  },
  byteOrderMark(bytes, rng) {
    const boms = [
      [0xef, 0xbb, 0xbf],
      [0xff, 0xfe],
      [0xfe, 0xff],
    ];
    return splice(bytes, rng.next() < 0.8 ? 0 : position(bytes, rng), 0, Uint8Array.from(boms[rng.int(3)]));
  },
  interestingInteger(bytes, rng) {
    if (bytes.length < 4) return bytes.slice();
    const out = bytes.slice();
    const view = new DataView(out.buffer);
    const v = INTERESTING_U32[rng.int(INTERESTING_U32.length)];
    const at = rng.int(out.length - 3);
    if (rng.next() < 0.5) view.setUint32(at, v, rng.next() < 0.5);
    else view.setUint16(Math.min(at, out.length - 2), v & 0xffff, rng.next() < 0.5);
    return out;
  },
};

/** Applies 1..maxSteps mutators chosen from `mutators`; `steps` names them, for reproduction. */
export function mutateBytes(
  bytes: Uint8Array,
  rng: Rng,
  mutators: Readonly<Record<string, Mutator>>,
  maxSteps = 3,
): { bytes: Uint8Array; steps: string[] } {
  const names = Object.keys(mutators);
  const steps: string[] = [];
  let out = bytes;
  const n = 1 + rng.int(maxSteps);
  for (let k = 0; k < n; k++) {
    const name = names[rng.int(names.length)];
    out = mutators[name](out, rng);
    steps.push(name);
  }
  return { bytes: out, steps };
}
