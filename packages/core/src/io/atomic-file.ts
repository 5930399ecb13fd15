import { IOError } from '../errors/errors';

/**
 * Writes a file so readers never see half of it: a temp file beside the target, then a rename
 * (atomic on one file system). A failed write leaves the old file, or none, and no temp file;
 * it throws an IOError naming the path. Creates the folder when missing, unless `createFolder`
 * is false (then a missing folder is that error). Node only: `node:fs` is imported when called,
 * so importing @a3/core stays free of it (as backend discovery does).
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: { createFolder?: boolean } = {},
): Promise<void> {
  const [fs, nodePath, crypto] = await Promise.all([
    import('node:fs/promises'),
    import('node:path'),
    import('node:crypto'),
  ]);
  const target = nodePath.resolve(path);
  if (options.createFolder ?? true) {
    try {
      await fs.mkdir(nodePath.dirname(target), { recursive: true });
    } catch (err) {
      throw new IOError(`cannot create the folder for ${path}: ${(err as Error).message}`, { cause: err });
    }
  }
  const tmp = `${target}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.unlink(tmp).catch(() => undefined);
    throw new IOError(`cannot write ${path}: ${(err as Error).message}`, { cause: err });
  }
}
