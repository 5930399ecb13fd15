import { crc32 } from 'node:zlib';
import { FormatError, InvalidArgumentError } from '@a3/core';
import { inflateAtMost, inflateHead } from '../io/inflate';
import { limitAdvice, resolveInflateLimit } from '../io/inflate-limit';
import { formatCount, listSome, quoteInput } from '../messages/quote';

export interface ZipEntry {
  readonly name: string;
  /** 0 = stored, 8 = deflated; others are rejected when read. */
  readonly method: number;
  readonly compressedSize: number;
  /** Uncompressed size, as the central directory declares it. */
  readonly size: number;
  readonly crc32: number;
  readonly localHeaderOffset: number;
  /** General purpose bit flag (bit 0: encrypted). */
  readonly flags: number;
}

export interface ZipReadOptions {
  /** The most bytes this read may inflate. Default 2 GiB, or the A3_MAX_INFLATED_BYTES environment variable. */
  readonly maxBytes?: number;
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
 *
 * Nothing is inflated until an entry is read, and then never more than the entry declares
 * (nor more than the limit): a small archive cannot make the reader allocate gigabytes.
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

  /**
   * The uncompressed content of an entry, CRC-checked. Inflation stops as soon as it passes the
   * size the archive declares; a declared size above the limit is refused before inflating.
   */
  read(name: string, options: ZipReadOptions = {}): Uint8Array {
    const e = this.require(name);
    const limit = resolveInflateLimit(options.maxBytes);
    if (e.size > limit) {
      throw new FormatError(
        `${this.file}: ${quoteInput(name)} inflates to ${formatCount(e.size)} bytes, ${limitAdvice(limit)}`,
      );
    }
    const raw = this.compressed(e);
    let out: Uint8Array;
    if (e.method === 0) out = raw;
    else {
      const inflated = inflateAtMost(raw, e.size);
      if (!inflated.ok) {
        throw new FormatError(
          inflated.reason === 'too-large'
            ? `${this.file}: ${quoteInput(name)} inflates to more than the ${formatCount(e.size)} bytes its zip header declares; the archive is corrupt or crafted.`
            : `${this.file}: ${quoteInput(name)} does not inflate; the archive is corrupt.`,
          { cause: inflated.cause },
        );
      }
      out = inflated.data;
    }
    if (out.length !== e.size) {
      throw new FormatError(
        `${this.file}: ${quoteInput(name)} holds ${formatCount(out.length)} bytes, its zip header declares ${formatCount(e.size)}; the archive is corrupt.`,
      );
    }
    if (crc32(out) >>> 0 !== e.crc32) {
      throw new FormatError(
        `${this.file}: ${quoteInput(name)} fails its CRC-32 check; the archive is corrupt.`,
      );
    }
    return out;
  }

  /**
   * The first `n` bytes of an entry's content (fewer if it is shorter), inflating little more than
   * that: enough to check a header against the declared size before the whole entry is inflated.
   */
  head(name: string, n: number): Uint8Array {
    const e = this.require(name);
    const raw = this.compressed(e);
    if (e.method === 0) return raw.subarray(0, n);
    const head = inflateHead(raw, n);
    if (!head.ok) {
      throw new FormatError(`${this.file}: ${quoteInput(name)} does not inflate; the archive is corrupt.`, {
        cause: head.cause,
      });
    }
    return head.data;
  }

  private require(name: string): ZipEntry {
    const e = this.entry(name);
    if (!e) {
      throw new InvalidArgumentError(
        `${this.file} has no entry ${quoteInput(name)}. Entries: ${listSome(this.entries.map((x) => x.name))}.`,
      );
    }
    return e;
  }

  /** The entry's stored bytes, after checking its local header agrees with the central directory. */
  private compressed(e: ZipEntry): Uint8Array {
    const { view, bytes, file } = this;
    const name = quoteInput(e.name);
    const at = e.localHeaderOffset;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) {
      throw new FormatError(`${file}: ${name} has no local header at offset ${at}; the archive is corrupt.`);
    }
    if (e.flags & 1)
      throw new FormatError(`${file}: ${name} is encrypted; a3 reads unencrypted archives only.`);
    if (e.method !== 0 && e.method !== 8) {
      throw new FormatError(
        `${file}: ${name} uses compression method ${e.method}; only stored (0) and deflate (8) are supported.`,
      );
    }
    if (view.getUint16(at + 8, true) !== e.method) {
      throw new FormatError(
        `${file}: ${name} has a local header that disagrees with the central directory; the archive is corrupt.`,
      );
    }
    // The local header's own name/extra lengths decide where the data starts (its extra field may
    // differ from the central directory's copy).
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const end = start + e.compressedSize;
    if (end > bytes.length) throw new FormatError(`${file}: ${name} is truncated.`);
    return bytes.subarray(start, end);
  }

  private readCentralDirectory(): ZipEntry[] {
    const { view, bytes, file } = this;
    const corrupt = (what: string): FormatError =>
      new FormatError(`${file}: ${what}; the archive is corrupt.`);
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
      if (z + 56 > bytes.length || view.getUint32(z, true) !== ZIP64_EOCD)
        throw corrupt('broken zip64 end record');
      count = Number(view.getBigUint64(z + 32, true));
      cdOffset = Number(view.getBigUint64(z + 48, true));
    }
    const entries: ZipEntry[] = [];
    const names = new Set<string>();
    let p = cdOffset;
    for (let k = 0; k < count; k++) {
      if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL) {
        throw corrupt(`central directory entry ${k} is damaged`);
      }
      const nameLen = view.getUint16(p + 28, true);
      const extraLen = view.getUint16(p + 30, true);
      const commentLen = view.getUint16(p + 32, true);
      const x0 = p + 46 + nameLen;
      const xEnd = x0 + extraLen;
      if (xEnd + commentLen > bytes.length)
        throw corrupt(`central directory entry ${k} runs past the end of the file`);
      let compressedSize = view.getUint32(p + 20, true);
      let size = view.getUint32(p + 24, true);
      let localHeaderOffset = view.getUint32(p + 42, true);
      const name = Buffer.from(bytes.subarray(p + 46, x0)).toString('utf8');
      // zip64: the extra field carries (in this order) only the values that overflowed.
      for (let x = x0; x + 4 <= xEnd;) {
        const id = view.getUint16(x, true);
        const len = view.getUint16(x + 2, true);
        const fieldEnd = Math.min(x + 4 + len, xEnd);
        if (id === 0x0001) {
          let q = x + 4;
          const next = (): number => {
            if (q + 8 > fieldEnd) throw corrupt(`the zip64 field of ${quoteInput(name)} is too short`);
            const v = Number(view.getBigUint64(q, true));
            q += 8;
            return v;
          };
          if (size === U32_MAX) size = next();
          if (compressedSize === U32_MAX) compressedSize = next();
          if (localHeaderOffset === U32_MAX) localHeaderOffset = next();
        }
        x += 4 + len;
      }
      // Two entries of one name: which one a tool reads differs (Python takes the last), so refuse.
      if (names.has(name))
        throw new FormatError(
          `${file}: the archive has two entries named ${quoteInput(name)}; it is corrupt or crafted.`,
        );
      names.add(name);
      entries.push({
        name,
        method: view.getUint16(p + 10, true),
        compressedSize,
        size,
        crc32: view.getUint32(p + 16, true),
        localHeaderOffset,
        flags: view.getUint16(p + 8, true),
      });
      p = xEnd + commentLen;
    }
    return entries;
  }
}
