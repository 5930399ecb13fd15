// A small, dependency-free zip reader: enough to pull a few members out of a Python wheel
// when no `unzip` binary is installed. Reads the central directory (zip64 included), then
// streams each member through node:zlib's raw inflater and checks its size and CRC-32.
import { open, mkdir, writeFile } from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { dirname, join, normalize, isAbsolute } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;
// zlib.crc32 arrived in Node 20.15; older runtimes still get the size check.
const hasCrc32 = typeof zlib.crc32 === 'function';

async function readAt(fh, position, length) {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** Lists the members of a zip archive: name, method, sizes and local header offset. */
export async function listZip(file) {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = await readAt(fh, size - tailLen, tailLen);
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    }
    if (at < 0) throw new Error(`${file}: not a zip archive (no end-of-central-directory record)`);
    let count = tail.readUInt16LE(at + 10);
    let cdSize = tail.readUInt32LE(at + 12);
    let cdOffset = tail.readUInt32LE(at + 16);
    if (count === 0xffff || cdSize === MAX32 || cdOffset === MAX32) {
      const locPos = size - tailLen + at - 20;
      const loc = await readAt(fh, locPos, 20);
      if (loc.readUInt32LE(0) !== ZIP64_LOCATOR) throw new Error(`${file}: zip64 locator missing`);
      const rec = await readAt(fh, Number(loc.readBigUInt64LE(8)), 56);
      if (rec.readUInt32LE(0) !== ZIP64_EOCD) throw new Error(`${file}: zip64 record missing`);
      count = Number(rec.readBigUInt64LE(32));
      cdSize = Number(rec.readBigUInt64LE(40));
      cdOffset = Number(rec.readBigUInt64LE(48));
    }
    const cd = await readAt(fh, cdOffset, cdSize);
    const entries = [];
    let p = 0;
    for (let n = 0; n < count; n++) {
      if (cd.readUInt32LE(p) !== CENTRAL) throw new Error(`${file}: corrupt central directory`);
      const method = cd.readUInt16LE(p + 10);
      const crc = cd.readUInt32LE(p + 16);
      let compressedSize = cd.readUInt32LE(p + 20);
      let size32 = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      let offset = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      // Zip64 extra field: only the fields that overflowed are present, in this order.
      let e = p + 46 + nameLen;
      const eEnd = e + extraLen;
      while (e + 4 <= eEnd) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          if (size32 === MAX32) {
            size32 = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (compressedSize === MAX32) {
            compressedSize = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (offset === MAX32) offset = Number(cd.readBigUInt64LE(q));
        }
        e += 4 + len;
      }
      entries.push({ name, method, crc, compressedSize, size: size32, offset });
      p = eEnd + commentLen;
    }
    return entries;
  } finally {
    await fh.close();
  }
}

/**
 * Extracts the members whose names `select(name)` accepts into `destDir`, keeping their paths.
 * Returns the number of files written.
 */
export async function extractZip(file, destDir, select) {
  const entries = (await listZip(file)).filter((e) => !e.name.endsWith('/') && select(e.name));
  const fh = await open(file, 'r');
  try {
    for (const entry of entries) {
      const rel = normalize(entry.name);
      if (isAbsolute(rel) || rel.startsWith('..')) throw new Error(`refusing unsafe zip path ${entry.name}`);
      const local = await readAt(fh, entry.offset, 30);
      if (local.readUInt32LE(0) !== LOCAL) throw new Error(`${file}: bad local header for ${entry.name}`);
      const start = entry.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      const out = join(destDir, rel);
      await mkdir(dirname(out), { recursive: true });
      let crc = 0;
      let written = 0;
      const check = new Transform({
        transform(chunk, _enc, done) {
          if (hasCrc32) crc = zlib.crc32(chunk, crc);
          written += chunk.length;
          done(null, chunk);
        },
      });
      if (entry.compressedSize === 0) {
        await writeFile(out, '');
        if (entry.size !== 0) throw new Error(`${entry.name}: empty data for a non-empty member`);
        continue;
      }
      const source = createReadStream(file, {
        start,
        end: start + entry.compressedSize - 1,
        highWaterMark: 1 << 20,
      });
      if (entry.method === 0) {
        await pipeline(source, check, createWriteStream(out));
      } else if (entry.method === 8) {
        await pipeline(source, zlib.createInflateRaw(), check, createWriteStream(out));
      } else {
        throw new Error(`${entry.name}: unsupported zip compression method ${entry.method}`);
      }
      if (written !== entry.size || (hasCrc32 && crc >>> 0 !== entry.crc >>> 0)) {
        throw new Error(`${entry.name}: size or CRC mismatch after extraction (corrupt archive?)`);
      }
    }
    return entries.length;
  } finally {
    await fh.close();
  }
}
