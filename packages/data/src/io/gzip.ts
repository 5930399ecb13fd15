import { crc32 } from 'node:zlib';
import { FormatError } from '@a3/core';
import { formatCount } from '../messages/quote';
import { inflateAtMost, inflateHead } from './inflate';

/**
 * One gzip stream (RFC 1952) read with its sizes checked: the caller learns what the data
 * declares from its first bytes (gunzipHead), compares that with the gzip trailer and a limit,
 * and only then inflates (gunzipExact) — to exactly that size, with nothing allowed after it.
 */

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;
const TRAILER = 8;

/** Offset of the deflate data: after the 10-byte header and its optional fields. */
function bodyOffset(bytes: Uint8Array, file: string): number {
  const corrupt = (what: string): FormatError =>
    new FormatError(`${file} starts like a gzip file but ${what}; the file is truncated or corrupt.`);
  if (bytes.length < 10 + TRAILER) throw corrupt('is too short to hold one');
  if (bytes[2] !== 8) throw corrupt(`uses compression method ${bytes[2]}, not deflate`);
  const flags = bytes[3];
  if (flags & 0xe0) throw corrupt('sets reserved header flags');
  let p = 10;
  if (flags & FEXTRA) p += 2 + (bytes[p] | (bytes[p + 1] << 8));
  for (const field of [FNAME, FCOMMENT]) {
    if (!(flags & field)) continue;
    const end = bytes.indexOf(0, p);
    if (end === -1) throw corrupt('has an unterminated name or comment');
    p = end + 1;
  }
  if (flags & FHCRC) p += 2;
  if (p + TRAILER > bytes.length) throw corrupt('has a header longer than the file');
  return p;
}

/** The first `n` bytes the stream inflates to (fewer if it holds fewer), inflating little more. */
export function gunzipHead(bytes: Uint8Array, n: number, file: string): Uint8Array {
  const head = inflateHead(bytes.subarray(bodyOffset(bytes, file)), n);
  if (!head.ok)
    throw new FormatError(`${file} starts like a gzip file but does not inflate.`, { cause: head.cause });
  return head.data;
}

/** The uncompressed size the gzip trailer (the file's last 4 bytes) records, modulo 2^32. */
export function gzipRecordedSize(bytes: Uint8Array): number {
  const n = bytes.length;
  return (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
}

/**
 * Inflates the stream, which must hold exactly `size` bytes (what the data's own header
 * declares): more stops inflation at once, fewer is truncation; the CRC and size in the trailer
 * must match, and no byte may follow the trailer (a second stream or garbage is not read silently).
 */
export function gunzipExact(bytes: Uint8Array, size: number, file: string): Uint8Array {
  const start = bodyOffset(bytes, file);
  const result = inflateAtMost(bytes.subarray(start), size);
  if (!result.ok) {
    throw new FormatError(
      result.reason === 'too-large'
        ? `${file} inflates to more than the ${formatCount(size)} bytes its header declares; the file is corrupt or crafted.`
        : `${file} starts like a gzip file but does not inflate (truncated or corrupt?).`,
      { cause: result.cause },
    );
  }
  const { data, consumed } = result;
  if (data.length !== size) {
    throw new FormatError(
      `${file} is truncated: it inflates to ${formatCount(data.length)} bytes, its header declares ${formatCount(size)}. Download it again.`,
    );
  }
  const trailer = start + consumed;
  if (trailer + TRAILER > bytes.length)
    throw new FormatError(`${file} is truncated inside its gzip trailer.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (
    view.getUint32(trailer, true) !== crc32(data) >>> 0 ||
    view.getUint32(trailer + 4, true) !== size % 2 ** 32
  ) {
    throw new FormatError(`${file} fails its gzip CRC/size check; the file is corrupt. Download it again.`);
  }
  const extra = bytes.length - trailer - TRAILER;
  if (extra > 0) {
    throw new FormatError(
      `${file} has ${formatCount(extra)} bytes after its gzip stream; a3 reads files holding exactly one ` +
        'gzip stream. The file is corrupt, or several files were concatenated.',
    );
  }
  return data;
}
