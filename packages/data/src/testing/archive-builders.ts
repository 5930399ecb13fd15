import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

/**
 * Writers for the binary formats the readers take (.npy, zip/.npz, IDX), for tests and the fuzz
 * runner: well-formed files, and — through the overrides — files that lie about themselves
 * (declared sizes, shapes, CRCs), which real tools never write but attackers do.
 */

/** A version-1 .npy file: header padded to 64 bytes as numpy does, then `body` as given. */
export function npyBytes(descr: string, shape: readonly number[], body: Uint8Array): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const out = new Uint8Array(10 + header.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 255, header.length >> 8]);
  out.set(Buffer.from(header, 'latin1'), 10);
  out.set(body, 10 + header.length);
  return out;
}

/** float64 values as a .npy file of the given shape (default: 1-D). */
export function npyFloat64(
  values: readonly number[],
  shape: readonly number[] = [values.length],
): Uint8Array {
  return npyBytes('<f8', shape, new Uint8Array(Float64Array.from(values).buffer));
}

export interface ZipEntrySpec {
  readonly name: string;
  readonly data: Uint8Array;
  /** 8 (deflate, default) or 0 (stored). */
  readonly method?: 0 | 8;
  /** Overrides of what the headers declare (default: the truth). */
  readonly declaredSize?: number;
  readonly crc?: number;
}

/** A zip archive (what np.savez writes) with one local header + central record per entry. */
export function zipBytes(entries: readonly ZipEntrySpec[]): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const method = e.method ?? 8;
    const payload = method === 8 ? deflateRawSync(e.data) : Buffer.from(e.data);
    const name = Buffer.from(e.name, 'utf8');
    const size = e.declaredSize ?? e.data.length;
    const crc = e.crc ?? crc32(e.data);
    // The local header and the central record share this run of fields, 2 bytes further on in the latter.
    const fields = (buf: Buffer, at: number): Buffer => {
      buf.writeUInt16LE(method, at);
      buf.writeUInt32LE(crc >>> 0, at + 6);
      buf.writeUInt32LE(payload.length, at + 10);
      buf.writeUInt32LE(size, at + 14);
      buf.writeUInt16LE(name.length, at + 18);
      return buf;
    };
    const local = fields(Buffer.alloc(30), 8);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    const record = fields(Buffer.alloc(46), 10);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt32LE(offset, 42);
    parts.push(local, name, payload);
    central.push(record, name);
    offset += local.length + name.length + payload.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, cd, end]));
}

/** IDX bytes: magic 00 00 type rank, big-endian uint32 dims, then `body`. */
export function idxBytes(type: number, shape: readonly number[], body: Uint8Array): Uint8Array {
  const out = Buffer.alloc(4 + 4 * shape.length + body.length);
  out.set([0, 0, type, shape.length]);
  shape.forEach((d, i) => out.writeUInt32BE(d, 4 + 4 * i));
  out.set(body, 4 + 4 * shape.length);
  return new Uint8Array(out);
}

/** uint8 images [n, rows, cols] with pixel i = i mod 256, as IDX. */
export function idxImages(n: number, rows: number, cols: number): Uint8Array {
  return idxBytes(
    0x08,
    [n, rows, cols],
    Uint8Array.from({ length: n * rows * cols }, (_, i) => i % 256),
  );
}

/** uint8 labels as IDX. */
export function idxLabels(labels: readonly number[]): Uint8Array {
  return idxBytes(0x08, [labels.length], Uint8Array.from(labels));
}

export function gzip(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(gzipSync(bytes));
}
