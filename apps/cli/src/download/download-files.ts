import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { IOError } from '@a3/core';
import { clip } from '@a3/args';
import type { Output } from '../terminal/output';
import { Progress } from '../terminal/progress';
import type { PinnedFile } from './sources';

export interface DownloadOptions {
  /** Progress bars go to its stderr. */
  io: Output;
  /** Give up on a transfer that sends nothing for this long (default 60 s). */
  idleTimeoutMs?: number;
}

export interface FileStatus {
  name: string;
  /** Fetched now, or already in the folder with the pinned size and checksum. */
  status: 'downloaded' | 'present';
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Fetches one pinned file to `dest`: streamed into a hidden temp file beside it while hashing,
 * stopped as soon as it grows past the pinned size or sends nothing for the idle timeout, and
 * renamed into place only when size and SHA-256 match. Any failure removes the temp file.
 */
async function fetchPinned(f: PinnedFile, dest: string, options: DownloadOptions): Promise<void> {
  const idleMs = options.idleTimeoutMs ?? 60_000;
  const tmp = join(dirname(dest), `.${f.name}.${process.pid}-${randomBytes(4).toString('hex')}.part`);
  const controller = new AbortController();
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, idleMs);
  };
  let received = 0;
  const lost = (err: unknown): IOError =>
    stalled
      ? new IOError(
          `${f.name}: no data from ${f.url} for ${idleMs / 1000} s after ${received} of ${f.size} bytes; ` +
            'run the command again later.',
        )
      : new IOError(
          `${f.name}: the download from ${f.url} was interrupted after ${received} of ${f.size} bytes` +
            `${err ? ` (${clip(causeOf(err))})` : ''}; run the command again.`,
          { cause: err },
        );
  const progress = new Progress(options.io, f.name);
  let file: FileHandle | undefined;
  try {
    arm();
    let res: Response;
    try {
      res = await fetch(f.url, { signal: controller.signal, redirect: 'follow' });
    } catch (err) {
      if (stalled) throw lost(err);
      throw new IOError(`${f.name}: cannot reach ${f.url} (${clip(causeOf(err))}).`, { cause: err });
    }
    if (!res.ok || !res.body) {
      throw new IOError(`${f.name}: ${f.url} answered HTTP ${res.status} ${res.statusText}.`);
    }
    file = await open(tmp, 'wx');
    const hash = createHash('sha256');
    const reader = res.body.getReader();
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (err) {
        throw lost(err);
      }
      if (chunk.done) break;
      arm();
      received += chunk.value.length;
      if (received > f.size) {
        controller.abort();
        throw new IOError(
          `${f.name} from ${f.url} is larger than the pinned ${f.size} bytes: it is not the file a3 pins.`,
        );
      }
      hash.update(chunk.value);
      await file.write(chunk.value);
      progress.update({ done: received, total: f.size });
    }
    if (received < f.size) throw lost(undefined);
    const got = hash.digest('hex');
    if (got !== f.sha256) {
      throw new IOError(
        `${f.name} from ${f.url} has SHA-256 ${got}, not the pinned ${f.sha256} (a changed upstream file or ` +
          'a bad mirror); nothing was kept.',
      );
    }
    await file.sync();
    await file.close();
    file = undefined;
    await rename(tmp, dest);
    progress.finish(`${f.size} bytes, SHA-256 verified`);
  } catch (err) {
    await file?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** The innermost message of a fetch failure (undici wraps the socket error as `cause`). */
function causeOf(err: unknown): string {
  let e = err as { message?: string; cause?: unknown } | undefined;
  while (e?.cause && typeof e.cause === 'object') e = e.cause as typeof e;
  return e?.message ?? String(err);
}

/**
 * Fetches pinned files into `dir`, one after another. A file already there with the pinned size
 * and SHA-256 is kept as it is; one that differs is never replaced (a3 did not write it).
 */
export async function downloadFiles(
  files: readonly PinnedFile[],
  dir: string,
  options: DownloadOptions,
): Promise<FileStatus[]> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new IOError(`cannot create ${dir}: ${(err as Error).message}`, { cause: err });
  }
  const out: FileStatus[] = [];
  for (const f of files) {
    const dest = join(dir, f.name);
    if (existsSync(dest)) {
      const st = statSync(dest);
      const sha = st.isFile() ? await sha256Of(dest) : '';
      if (st.isFile() && st.size === f.size && sha === f.sha256) {
        out.push({ name: f.name, status: 'present' });
        continue;
      }
      throw new IOError(
        `${f.name} exists in ${dir} but is not the pinned file (${st.size} bytes, SHA-256 ${sha || 'none'}); ` +
          'move it away and run the command again.',
      );
    }
    await fetchPinned(f, dest, options);
    out.push({ name: f.name, status: 'downloaded' });
  }
  return out;
}
