import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '@a3/core';
import { sharedData } from '../../../../packages/data/src/testing/shared-data';
import { bufferOutput, main } from '../index';
import { tempDir } from '../testing/fixtures';
import { downloadFiles } from './download-files';
import { DOWNLOADS } from './sources';

const tmp = tempDir('download');
const adbench = sharedData('adbench');

/** 300 KB of seeded bytes: bigger than one network chunk, so progress and cuts happen mid-file. */
const OK = Buffer.from(
  Array.from({ length: 300_000 }, (_, i) => new Rng(7 + (i >> 16)).int(256) ^ (i & 255)),
);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const pinned = (name: string) => ({ name, url: '', size: OK.length, sha256: sha(OK) });

let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(url);
    if (url === '/fix/ok.bin' || url === '/fix/second.bin') return res.end(OK);
    if (url === '/fix/moved.bin') {
      res.writeHead(302, { location: '/fix/ok.bin' });
      return res.end();
    }
    if (url === '/fix/bad.bin') {
      const bad = Buffer.from(OK);
      bad[12345] ^= 1;
      return res.end(bad);
    }
    if (url === '/fix/long.bin') return res.end(Buffer.concat([OK, OK]));
    if (url === '/fix/cut.bin') {
      // Promise the whole file, send a third of it, then drop the connection.
      res.writeHead(200, { 'content-length': String(OK.length) });
      res.write(OK.subarray(0, 100_000), () => res.socket?.destroy());
      return;
    }
    if (url === '/fix/stall.bin') {
      res.writeHead(200, { 'content-length': String(OK.length) });
      res.write(OK.subarray(0, 50_000)); // …and nothing more: the idle timeout must end it
      return;
    }
    const m = /^\/adbench\/([\w.]+\.npz)$/.exec(url);
    if (m && adbench.available && existsSync(join(adbench.path, m[1]))) {
      return res.end(readFileSync(join(adbench.path, m[1])));
    }
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
  tmp.cleanup();
});

/** The download's failure message, and the files it left in `dir` (none, ever). */
async function failure(files: ReturnType<typeof pinned>[], dir: string, idleTimeoutMs?: number) {
  let message = '';
  try {
    await downloadFiles(files, dir, { io: bufferOutput(), ...(idleTimeoutMs ? { idleTimeoutMs } : {}) });
  } catch (err) {
    message = (err as Error).message;
  }
  expect(message).not.toBe('');
  return { message, left: existsSync(dir) ? readdirSync(dir) : [] };
}

describe('downloadFiles: pinned files, verified, atomic', () => {
  it('downloads, follows a redirect, verifies size and SHA-256, and skips files already valid', async () => {
    const dir = join(tmp.dir, 'ok');
    const files = [
      { ...pinned('a.bin'), url: `${base}/fix/ok.bin` },
      { ...pinned('b.bin'), url: `${base}/fix/moved.bin` },
    ];
    const io = bufferOutput();
    expect(await downloadFiles(files, dir, { io })).toEqual([
      { name: 'a.bin', status: 'downloaded' },
      { name: 'b.bin', status: 'downloaded' },
    ]);
    expect(readFileSync(join(dir, 'a.bin')).equals(OK)).toBe(true);
    expect(readFileSync(join(dir, 'b.bin')).equals(OK)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['a.bin', 'b.bin']);
    expect(io.stderr.join('\n')).toMatch(/a\.bin: .*300000\/300000/);
    const before = requests.length;
    expect(await downloadFiles(files, dir, { io: bufferOutput() })).toEqual([
      { name: 'a.bin', status: 'present' },
      { name: 'b.bin', status: 'present' },
    ]);
    expect(requests.length).toBe(before);
  });

  it('a checksum mismatch fails naming both hashes, and leaves nothing behind', async () => {
    const dir = join(tmp.dir, 'bad');
    const { message, left } = await failure([{ ...pinned('c.bin'), url: `${base}/fix/bad.bin` }], dir);
    expect(message).toMatch(
      new RegExp(`c\\.bin from ${base}/fix/bad\\.bin has SHA-256 [0-9a-f]{64}, not the pinned ${sha(OK)}`),
    );
    expect(left).toEqual([]);
  });

  it('more bytes than pinned stop the transfer', async () => {
    const { message, left } = await failure(
      [{ ...pinned('l.bin'), url: `${base}/fix/long.bin` }],
      join(tmp.dir, 'long'),
    );
    expect(message).toMatch(/l\.bin from .* is larger than the pinned 300000 bytes/);
    expect(left).toEqual([]);
  });

  it('a 404 names the URL and the status', async () => {
    const { message, left } = await failure(
      [{ ...pinned('n.bin'), url: `${base}/fix/none.bin` }],
      join(tmp.dir, '404'),
    );
    expect(message).toBe(`n.bin: ${base}/fix/none.bin answered HTTP 404 Not Found.`);
    expect(left).toEqual([]);
  });

  it('an interrupted transfer says how far it got; nothing half-written stays', async () => {
    const dir = join(tmp.dir, 'cut');
    const { message, left } = await failure([{ ...pinned('d.bin'), url: `${base}/fix/cut.bin` }], dir);
    expect(message).toMatch(
      /d\.bin: the download from .*cut\.bin was interrupted after \d+ of 300000 bytes.*run the command again/,
    );
    expect(left).toEqual([]);
  });

  it('a stalled transfer ends after the idle timeout', async () => {
    const { message, left } = await failure(
      [{ ...pinned('s.bin'), url: `${base}/fix/stall.bin` }],
      join(tmp.dir, 'stall'),
      300,
    );
    expect(message).toMatch(/s\.bin: no data from .*stall\.bin for 0\.3 s after 50000 of 300000 bytes/);
    expect(left).toEqual([]);
  });

  it('refuses to replace a file there that is not the pinned one', async () => {
    const dir = join(tmp.dir, 'other');
    await downloadFiles([{ ...pinned('e.bin'), url: `${base}/fix/ok.bin` }], dir, { io: bufferOutput() });
    writeFileSync(join(dir, 'e.bin'), 'my own file');
    const { message } = await failure([{ ...pinned('e.bin'), url: `${base}/fix/ok.bin` }], dir);
    expect(message).toMatch(
      /e\.bin exists in .* but is not the pinned file \(11 bytes, SHA-256 [0-9a-f]{64}\); move it away/,
    );
    expect(readFileSync(join(dir, 'e.bin'), 'utf8')).toBe('my own file');
  });
});

describe('a3 datasets download', () => {
  it('pins the NSL-KDD and ADBench files a3 reads (sizes and SHA-256 of the shared copies)', () => {
    for (const recipe of ['nsl-kdd', 'adbench']) {
      const shared = sharedData(recipe);
      if (!shared.available) continue;
      for (const f of DOWNLOADS[recipe].files) {
        const bytes = readFileSync(join(shared.path, f.name));
        expect({ name: f.name, size: bytes.length, sha256: sha(bytes) }).toEqual({
          name: f.name,
          size: f.size,
          sha256: f.sha256,
        });
        expect(f.url).toMatch(/^https:\/\//);
      }
    }
  });

  it.skipIf(!adbench.available)('fetches a recipe from a mirror (A3_DATASETS_MIRROR) into --to', async () => {
    const dir = join(tmp.dir, 'adbench');
    process.env.A3_DATASETS_MIRROR = `${base}/`;
    try {
      const io = bufferOutput();
      expect(await main(['datasets', 'download', 'adbench', '--to', dir], io)).toBe(0);
      for (const f of DOWNLOADS.adbench.files) {
        expect(sha(readFileSync(join(dir, f.name)))).toBe(f.sha256);
      }
      expect(io.stdout.join('\n')).toMatch(/adbench: 6 files in .*adbench \(6 downloaded\)/);
      const again = bufferOutput();
      expect(await main(['datasets', 'download', 'adbench', '--to', dir], again)).toBe(0);
      expect(again.stdout.join('\n')).toMatch(/\(6 already there\)/);
    } finally {
      delete process.env.A3_DATASETS_MIRROR;
    }
  });

  it('fails in one line when the mirror lacks a file, leaving nothing', async () => {
    const dir = join(tmp.dir, 'nsl');
    const io = bufferOutput();
    expect(await main(['datasets', 'download', 'nsl-kdd', '--to', dir, '--mirror', base], io)).toBe(1);
    expect(io.stderr.at(-1)).toMatch(
      /^a3 datasets: KDDTrain\+_20Percent\.txt: .*answered HTTP 404 Not Found\. \[A3_IO\]$/,
    );
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('says where data a3 does not download comes from', async () => {
    const io = bufferOutput();
    expect(await main(['datasets', 'download', 'creditcard'], io)).toBe(1);
    expect(io.stderr.at(-1)).toMatch(/dataset "creditcard" is not downloaded by a3: .*kaggle/i);
    const none = bufferOutput();
    expect(await main(['datasets', 'download'], none)).toBe(1);
    expect(none.stderr.at(-1)).toMatch(/missing NAME\. Usage: a3 datasets download NAME/);
    const list = bufferOutput();
    expect(await main(['datasets'], list)).toBe(0);
    expect(list.stdout.join('\n')).toMatch(
      /nsl-kdd\n(.*\n)*? {2}download: a3 datasets download nsl-kdd --to \.\/data\/nsl-kdd/,
    );
  });
});
