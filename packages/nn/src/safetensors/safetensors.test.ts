import { FormatError, TensorData } from '@a3/core';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from './safetensors';

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

describe('safetensors', () => {
  it('decodes a file written by the Python reference implementation', () => {
    const { tensors, metadata } = decodeSafetensors(hex(PYTHON_FIXTURE));
    expect(metadata).toEqual({ format: 'a3' });
    expect(tensors.w.shape).toEqual([2, 2]);
    expect(Array.from(tensors.w.data)).toEqual([1.5, -2, 3, 0.25]);
    expect(tensors.i.dtype).toBe('int32');
    expect(Array.from(tensors.i.data)).toEqual([7, -1, 2]);
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
