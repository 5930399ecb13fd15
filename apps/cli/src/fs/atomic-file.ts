import { randomBytes } from 'node:crypto';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { IOError } from '@a3/core';

/**
 * Writes a file so readers never see half of it: a temp file beside the target, then a rename
 * (atomic on one file system). A failed write leaves the old file, or none, and no temp file.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const target = resolve(path);
  try {
    await mkdir(dirname(target), { recursive: true });
  } catch (err) {
    throw new IOError(`cannot create the folder for ${path}: ${(err as Error).message}`, { cause: err });
  }
  const tmp = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, target);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw new IOError(`cannot write ${path}: ${(err as Error).message}`, { cause: err });
  }
}
