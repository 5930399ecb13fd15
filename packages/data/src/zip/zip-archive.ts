import * as zlib from 'node:zlib';
import { FormatError, InvalidArgumentError } from '@a3/core';

export interface ZipEntry {
  readonly name: string;
  /** 0 = stored, 8 = deflated; others are rejected when read. */
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc32: number;
  readonly localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_EOCD = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;

/**
 * A minimal reader for zip archives held in memory (what .npz files are): central directory,
 * zip64 sizes/offsets (numpy writes zip64 extras), stored and deflated entries, CRC check.
 * No encryption, no multi-disk archives — neither occurs in data files.
 */
export class ZipArchive {
  readonly entries: readonly ZipEntry[];
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly file: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.entries = this.readCentralDirectory();
  }

  entry(name: string): ZipEntry | undefined {
    return this.entries.find((e) => e.name === name);
  }

  /** The uncompressed content of an entry, CRC-checked. */
  read(name: string): Uint8Array {
    const e = this.entry(name);
    if (!e) {
      throw new InvalidArgumentError(
        `${this.file} has no entry "${name}". Entries: ${this.entries.map((x) => x.name).join(', ')}.`,
      );
    }
    const at = e.localHeaderOffset;
    if (at + 30 > this.bytes.length || this.view.getUint32(at, true) !== LOCAL) {
      throw new FormatError(
        `${this.file}: entry "${name}" has no local header at offset ${at}; the archive is corrupt.`,
      );
    }
    // The local header's own name/extra lengths decide where the data starts (its extra field may
    // differ from the central directory's copy).
    const start = at + 30 + this.view.getUint16(at + 26, true) + this.view.getUint16(at + 28, true);
    const end = start + e.compressedSize;
    if (end > this.bytes.length) throw new FormatError(`${this.file}: entry "${name}" is truncated.`);
    const raw = this.bytes.subarray(start, end);
    let out: Uint8Array;
    if (e.method === 0) out = raw;
    else if (e.method === 8) {
      try {
        out = zlib.inflateRawSync(raw);
      } catch (err) {
        throw new FormatError(`${this.file}: entry "${name}" does not inflate; the archive is corrupt.`, {
          cause: err,
        });
      }
    } else {
      throw new FormatError(
        `${this.file}: entry "${name}" uses compression method ${e.method}; only stored (0) and deflate (8) are supported.`,
      );
    }
    if (out.length !== e.size) {
      throw new FormatError(
        `${this.file}: entry "${name}" inflated to ${out.length} bytes, expected ${e.size}.`,
      );
    }
    if (typeof zlib.crc32 === 'function' && zlib.crc32(out) >>> 0 !== e.crc32) {
      throw new FormatError(`${this.file}: entry "${name}" fails its CRC-32 check; the archive is corrupt.`);
    }
    return out;
  }

  private readCentralDirectory(): ZipEntry[] {
    const { view, bytes, file } = this;
    // The end record sits in the last 22 bytes plus an optional comment of up to 65535 bytes.
    let eocd = -1;
    for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
      if (view.getUint32(i, true) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd === -1)
      throw new FormatError(`${file} is not a zip archive (no end-of-central-directory record); truncated?`);
    let count = view.getUint16(eocd + 10, true);
    let cdOffset = view.getUint32(eocd + 16, true);
    if (
      (count === 0xffff || cdOffset === U32_MAX) &&
      eocd >= 20 &&
      view.getUint32(eocd - 20, true) === ZIP64_LOCATOR
    ) {
      const z = Number(view.getBigUint64(eocd - 12, true));
      if (z + 56 > bytes.length || view.getUint32(z, true) !== ZIP64_EOCD) {
        throw new FormatError(`${file}: broken zip64 end record.`);
      }
      count = Number(view.getBigUint64(z + 32, true));
      cdOffset = Number(view.getBigUint64(z + 48, true));
    }
    const entries: ZipEntry[] = [];
    let p = cdOffset;
    for (let k = 0; k < count; k++) {
      if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL) {
        throw new FormatError(`${file}: central directory entry ${k} is corrupt.`);
      }
      const nameLen = view.getUint16(p + 28, true);
      const extraLen = view.getUint16(p + 30, true);
      const commentLen = view.getUint16(p + 32, true);
      let compressedSize = view.getUint32(p + 20, true);
      let size = view.getUint32(p + 24, true);
      let localHeaderOffset = view.getUint32(p + 42, true);
      const name = Buffer.from(bytes.subarray(p + 46, p + 46 + nameLen)).toString('utf8');
      // zip64: the extra field carries (in this order) only the values that overflowed.
      let x = p + 46 + nameLen;
      const xEnd = x + extraLen;
      while (x + 4 <= xEnd) {
        const id = view.getUint16(x, true);
        const len = view.getUint16(x + 2, true);
        if (id === 0x0001) {
          let q = x + 4;
          if (size === U32_MAX) {
            size = Number(view.getBigUint64(q, true));
            q += 8;
          }
          if (compressedSize === U32_MAX) {
            compressedSize = Number(view.getBigUint64(q, true));
            q += 8;
          }
          if (localHeaderOffset === U32_MAX) localHeaderOffset = Number(view.getBigUint64(q, true));
        }
        x += 4 + len;
      }
      entries.push({
        name,
        method: view.getUint16(p + 10, true),
        compressedSize,
        size,
        crc32: view.getUint32(p + 16, true),
        localHeaderOffset,
      });
      p = xEnd + commentLen;
    }
    return entries;
  }
}
