import { FormatError } from '@a3/core';

/**
 * Protocol-buffer wire format, the subset ONNX needs: varints (int64 as BigInt so negative
 * values get their 10-byte two's-complement encoding), fixed32 floats and length-delimited
 * fields. Written by hand so the package has no protobuf dependency and stays typed.
 */
export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

export class Writer {
  private buf = new Uint8Array(256);
  private len = 0;

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  get length(): number {
    return this.len;
  }

  /** Unsigned varint of a non-negative safe integer. */
  uvarint(v: number): this {
    if (!Number.isSafeInteger(v) || v < 0)
      throw new RangeError(`varint ${v} is not a non-negative safe integer`);
    this.reserve(10);
    while (v > 0x7f) {
      this.buf[this.len++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.len++] = v;
    return this;
  }

  /** int64 varint: negatives are sign-extended to 64 bits, hence always 10 bytes. */
  int64(v: number | bigint): this {
    if (typeof v === 'number' && v >= 0) return this.uvarint(v);
    let u = BigInt.asUintN(64, BigInt(v));
    this.reserve(10);
    while (u > 0x7fn) {
      this.buf[this.len++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    this.buf[this.len++] = Number(u);
    return this;
  }

  tag(field: number, wire: number): this {
    return this.uvarint(field * 8 + wire);
  }

  bytes(data: Uint8Array): this {
    this.uvarint(data.length);
    this.reserve(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
    return this;
  }

  float32(v: number): this {
    this.reserve(4);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.len, 4).setFloat32(0, v, true);
    this.len += 4;
    return this;
  }

  // ---- fields ----
  fieldInt64(field: number, v: number | bigint): this {
    return this.tag(field, WIRE_VARINT).int64(v);
  }

  fieldFloat(field: number, v: number): this {
    return this.tag(field, WIRE_FIXED32).float32(v);
  }

  fieldBytes(field: number, data: Uint8Array): this {
    return this.tag(field, WIRE_LEN).bytes(data);
  }

  fieldString(field: number, s: string): this {
    return this.fieldBytes(field, textEncoder.encode(s));
  }

  /** A nested message: encoded separately, then written length-prefixed. */
  fieldMessage(field: number, encode: (w: Writer) => void): this {
    const inner = new Writer();
    encode(inner);
    return this.fieldBytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export interface Field {
  field: number;
  wire: number;
  /** Varint payload (as BigInt: int64 values may be negative). */
  varint: bigint;
  /** Length-delimited or fixed payload. */
  data: Uint8Array;
}

export class Reader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  private fail(what: string): never {
    throw new FormatError(
      `Malformed ONNX protobuf: ${what} at byte ${this.pos}. The file is truncated or not an ONNX model.`,
    );
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) this.fail('truncated varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7n;
    }
    return this.fail('varint longer than 10 bytes');
  }

  private take(n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.buf.length) this.fail(`field of ${n} bytes past the end`);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  next(): Field {
    const key = this.varint();
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    switch (wire) {
      case WIRE_VARINT:
        return { field, wire, varint: this.varint(), data: new Uint8Array(0) };
      case WIRE_FIXED64:
        return { field, wire, varint: 0n, data: this.take(8) };
      case WIRE_LEN:
        return { field, wire, varint: 0n, data: this.take(Number(this.varint())) };
      case WIRE_FIXED32:
        return { field, wire, varint: 0n, data: this.take(4) };
      default:
        return this.fail(`unsupported wire type ${wire} (field ${field})`);
    }
  }
}

export const utf8 = (data: Uint8Array): string => textDecoder.decode(data);

/** A varint read as a signed int64, narrowed to a number when it is safe. */
export function int64Value(v: bigint): number | bigint {
  const s = BigInt.asIntN(64, v);
  return s >= BigInt(Number.MIN_SAFE_INTEGER) && s <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(s) : s;
}

export function readFloat32(data: Uint8Array): number {
  return new DataView(data.buffer, data.byteOffset, 4).getFloat32(0, true);
}

/** Repeated scalar fields may arrive packed (one LEN field) or one by one; both are valid protobuf. */
export function readRepeatedVarints(f: Field): bigint[] {
  if (f.wire === WIRE_VARINT) return [f.varint];
  const r = new Reader(f.data);
  const out: bigint[] = [];
  while (!r.done) out.push(r.varint());
  return out;
}

export function readRepeatedFloats(f: Field): number[] {
  if (f.wire === WIRE_FIXED32) return [readFloat32(f.data)];
  const out: number[] = [];
  for (let i = 0; i + 4 <= f.data.length; i += 4) out.push(readFloat32(f.data.subarray(i, i + 4)));
  return out;
}

/** Bytes of a typed array in little-endian order (ONNX raw_data is always little-endian). */
export function littleEndianBytes(a: Float32Array | Int32Array | BigInt64Array | Uint8Array): Uint8Array {
  if (LITTLE_ENDIAN || a instanceof Uint8Array) return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const out = new Uint8Array(a.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) {
    if (a instanceof Float32Array) view.setFloat32(i * 4, a[i], true);
    else if (a instanceof Int32Array) view.setInt32(i * 4, a[i], true);
    else view.setBigInt64(i * 8, a[i], true);
  }
  return out;
}
