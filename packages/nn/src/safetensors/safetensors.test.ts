import { FormatError, InvalidArgumentError, TensorData } from '@a3/core';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from './safetensors';

// Written by Python: safetensors.numpy.save({'w': [[1.5,-2],[3,0.25]] f32, 'i': [7,-1,2] i32},
// metadata={'format': 'a3'}) — proves we read what the reference implementation writes.
const PYTHON_FIXTURE =
  '90000000000000007b225f5f6d657461646174615f5f223a7b22666f726d6174223a226133227d2c2277223a7b226474797065223a' +
  '22463332222c227368617065223a5b322c325d2c22646174615f6f666673657473223a5b302c31365d7d2c2269223a7b2264747970' +
  '65223a22493332222c227368617065223a5b335d2c22646174615f6f666673657473223a5b31362c32385d7d7d200000c03f0000' +
  '00c0000040400000803e07000000ffffffff02000000';

function hex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));
}

// Laid out by hand from the format spec (not by our encoder): u64 LE header length 200 (0xc8),
// 196 bytes of UTF-8 JSON (195 characters: "µ" is two bytes) + 4 spaces so the data starts at
// byte 208 (8-byte aligned), then b (BOOL) [1,0,0,1], f (F32 LE) 1, -2.5, 0.1 and i (I32 LE)
// -2, 65536. Metadata first, tensors in name order: what encodeSafetensors promises to write.
const SPEC_HEADER =
  '{"__metadata__":{"unit":"µm"},' +
  '"b":{"dtype":"BOOL","shape":[2,2],"data_offsets":[0,4]},' +
  '"f":{"dtype":"F32","shape":[3],"data_offsets":[4,16]},' +
  '"i":{"dtype":"I32","shape":[2],"data_offsets":[16,24]}}';
const SPEC_FIXTURE = Uint8Array.from([
  ...hex('c800000000000000'),
  ...new TextEncoder().encode(SPEC_HEADER),
  ...hex('20202020'),
  ...hex('01000001'),
  ...hex('0000803f' + '000020c0' + 'cdcccc3d'),
  ...hex('feffffff' + '00000100'),
]);

/** A file with the given header object (unpadded) and `dataBytes` zero bytes of data. */
function withHeader(h: object, dataBytes = 16): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(h));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

function reasonOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SafetensorsError);
    expect(e).toBeInstanceOf(FormatError);
    expect((e as SafetensorsError).code).toBe('A3_FORMAT');
    return (e as SafetensorsError).reason;
  }
  return undefined;
}

describe('safetensors', () => {
  it('decodes a file written by the Python reference implementation', () => {
    const { tensors, metadata } = decodeSafetensors(hex(PYTHON_FIXTURE));
    expect(metadata).toEqual({ format: 'a3' });
    expect(tensors.w.shape).toEqual([2, 2]);
    expect(Array.from(tensors.w.data)).toEqual([1.5, -2, 3, 0.25]);
    expect(tensors.i.dtype).toBe('int32');
    expect(Array.from(tensors.i.data)).toEqual([7, -1, 2]);
  });

  it('writes exactly the bytes the spec lays out (padding counted in bytes, not characters)', () => {
    expect(SPEC_FIXTURE.length).toBe(232);
    const bytes = encodeSafetensors(
      {
        i: TensorData.int32([2], [-2, 65536]),
        f: TensorData.float32([3], [1, -2.5, 0.1]),
        b: TensorData.bool([2, 2], [1, 0, 0, 1]),
      },
      { unit: 'µm' },
    );
    expect(Buffer.from(bytes).toString('hex')).toBe(Buffer.from(SPEC_FIXTURE).toString('hex'));
  });

  it('reads the spec fixture, also from a Node Buffer at an odd offset, into fresh copies', () => {
    const unaligned = Buffer.concat([Buffer.alloc(3), Buffer.from(SPEC_FIXTURE)]).subarray(3);
    const { tensors, metadata } = decodeSafetensors(unaligned);
    expect(metadata).toEqual({ unit: 'µm' });
    expect(Object.keys(tensors).sort()).toEqual(['b', 'f', 'i']);
    expect(tensors.b.dtype).toBe('bool');
    expect(tensors.b.shape).toEqual([2, 2]);
    expect(Array.from(tensors.b.data)).toEqual([1, 0, 0, 1]);
    expect(tensors.f.dtype).toBe('float32');
    expect(Array.from(tensors.f.data)).toEqual([1, -2.5, Math.fround(0.1)]);
    expect(tensors.i.dtype).toBe('int32');
    expect(Array.from(tensors.i.data)).toEqual([-2, 65536]);
    unaligned.fill(0);
    expect(Array.from(tensors.i.data)).toEqual([-2, 65536]);
  });

  it('reads U8 as bool (non-zero bytes become 1)', () => {
    const file = withHeader({ m: { dtype: 'U8', shape: [3], data_offsets: [0, 3] } }, 3);
    file.set([0, 7, 1], file.length - 3);
    const m = decodeSafetensors(file).tensors.m;
    expect(m.dtype).toBe('bool');
    expect(Array.from(m.data)).toEqual([0, 1, 1]);
  });

  it('refuses to write non-string metadata and a tensor named __metadata__', () => {
    const t = TensorData.float32([1], [1]);
    expect(() => encodeSafetensors({ t }, { n: 1 as unknown as string })).toThrow(InvalidArgumentError);
    expect(() => encodeSafetensors({ __metadata__: t })).toThrow(/reserved/);
  });

  it('says which check failed (SafetensorsError.reason, code A3_FORMAT)', () => {
    const f32 = (data_offsets: unknown, shape: unknown = [2]) => ({ dtype: 'F32', shape, data_offsets });
    expect(reasonOf(() => decodeSafetensors(new Uint8Array(7)))).toBe('header-length');
    const big = new Uint8Array(16);
    new DataView(big.buffer).setBigUint64(0, 9n, true);
    expect(reasonOf(() => decodeSafetensors(big))).toBe('header-length');
    expect(reasonOf(() => decodeSafetensors(withHeader([1, 2])))).toBe('header-json');
    const badUtf8 = withHeader({ a: 'xx' });
    badUtf8[15] = 0xff;
    expect(reasonOf(() => decodeSafetensors(badUtf8))).toBe('header-json');
    expect(reasonOf(() => decodeSafetensors(withHeader({ __metadata__: { n: 1 } })))).toBe('metadata');
    expect(reasonOf(() => decodeSafetensors(withHeader({ __metadata__: ['x'] })))).toBe('metadata');
    expect(reasonOf(() => decodeSafetensors(withHeader({ a: 3 })))).toBe('entry');
    expect(reasonOf(() => decodeSafetensors(withHeader({ a: { ...f32([0, 8]), dtype: 'F16' } })))).toBe(
      'dtype',
    );
    // A name on Object.prototype is no dtype either.
    expect(
      reasonOf(() => decodeSafetensors(withHeader({ a: { ...f32([0, 8]), dtype: 'constructor' } }))),
    ).toBe('dtype');
    expect(reasonOf(() => decodeSafetensors(withHeader({ a: f32([0, 8], [2, -1]) })))).toBe('shape');
    expect(reasonOf(() => decodeSafetensors(withHeader({ a: f32([0, 8], '2') })))).toBe('shape');
    expect(reasonOf(() => decodeSafetensors(withHeader({ a: f32([8, 0]) })))).toBe('offsets');
    expect(reasonOf(() => decodeSafetensors(withHeader({ a: f32([0]) })))).toBe('offsets');
    expect(reasonOf(() => decodeSafetensors(withHeader({ a: f32([0.5, 8.5]) })))).toBe('offsets');
    expect(reasonOf(() => decodeSafetensors(withHeader({ a: f32([12, 20]) })))).toBe('offsets');
    expect(reasonOf(() => decodeSafetensors(withHeader({ a: f32([0, 8]), b: f32([0, 8]) })))).toBe('offsets');
    expect(reasonOf(() => decodeSafetensors(withHeader({ a: f32([0, 12]) })))).toBe('size');
    // Valid: gaps between tensors and unused trailing bytes are tolerated; zero-size tensors too.
    expect(
      Object.keys(
        decodeSafetensors(withHeader({ a: f32([0, 8]), e: f32([8, 8], [0, 3]), b: f32([12, 16], [1]) }))
          .tensors,
      ),
    ).toEqual(['a', 'e', 'b']);
  });

  it('keeps a tensor named __proto__ as an ordinary entry', () => {
    const file = withHeader(JSON.parse('{"__proto__":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}}'), 4);
    const { tensors } = decodeSafetensors(file);
    expect(Object.keys(tensors)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(tensors)).toBe(Object.prototype);
  });

  it('round-trips tensors and metadata with an 8-byte aligned data section', () => {
    const w = TensorData.float32([2, 3], [0.1, -0.2, 3e-8, 1e30, -0, 42]);
    const b = TensorData.bool([3], [1, 0, 1]);
    const e = TensorData.float32([0, 4]);
    const bytes = encodeSafetensors({ 'alarm/dense_0/kernel': w, flags: b, empty: e }, { a3: '1' });
    const headerLen = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLen % 8).toBe(0);
    const back = decodeSafetensors(bytes);
    expect(back.metadata).toEqual({ a3: '1' });
    expect(Array.from(back.tensors['alarm/dense_0/kernel'].data)).toEqual(Array.from(w.data));
    expect(Array.from(back.tensors.flags.data)).toEqual([1, 0, 1]);
    expect(back.tensors.empty.shape).toEqual([0, 4]);
    // Deterministic bytes: same content, same file.
    expect(encodeSafetensors({ empty: e, flags: b, 'alarm/dense_0/kernel': w }, { a3: '1' })).toEqual(bytes);
  });

  const good = () => encodeSafetensors({ a: TensorData.float32([4], [1, 2, 3, 4]) });

  it.each([
    ['an empty file', () => new Uint8Array(3), /fewer than the 8-byte header length/],
    ['a truncated data section', () => good().subarray(0, good().length - 4), /truncated/],
    [
      'a header length beyond the file',
      () => {
        const b = good().slice();
        new DataView(b.buffer).setBigUint64(0, 1n << 40n, true);
        return b;
      },
      /runs beyond the end of the file/,
    ],
    [
      'a header that is not JSON',
      () => {
        const b = good().slice();
        b[8] = 0x21; // '!'
        return b;
      },
      /not valid UTF-8 JSON/,
    ],
  ])('rejects %s with a FormatError', (_what, make, message) => {
    expect(() => decodeSafetensors(make(), 'weights.safetensors')).toThrow(FormatError);
    expect(() => decodeSafetensors(make(), 'weights.safetensors')).toThrow(message);
  });

  it('rejects sizes that do not match the shape and overlapping tensors', () => {
    const header = (h: object) => {
      const json = new TextEncoder().encode(JSON.stringify(h));
      const out = new Uint8Array(8 + json.length + 16);
      new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
      out.set(json, 8);
      return out;
    };
    expect(() =>
      decodeSafetensors(header({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 16] } })),
    ).toThrow(/needs 12/);
    expect(() =>
      decodeSafetensors(
        header({
          a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
          b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
        }),
      ),
    ).toThrow(/overlap/);
    expect(() =>
      decodeSafetensors(header({ a: { dtype: 'F64', shape: [2], data_offsets: [0, 16] } })),
    ).toThrow(/dtype "F64"/);
  });
});
