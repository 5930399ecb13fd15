import { IOError } from '@a3/core';
import { paramsFromSafetensors, paramsToSafetensors, type ParameterCollection } from '@a3/nn';

/**
 * Writes `<dir>/epoch-<EEEE>.safetensors` and `<dir>/latest.safetensors` atomically
 * (write to a temp file in the same directory, then rename), so a crash mid-write never
 * leaves a truncated checkpoint. Returns the epoch file's path.
 */
export async function writeCheckpoint(
  dir: string,
  params: ParameterCollection,
  epoch: number,
): Promise<string> {
  const { mkdir, rename, writeFile, copyFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const bytes = paramsToSafetensors(params, { epoch: String(epoch), format: 'a3.checkpoint' });
  const file = join(dir, `epoch-${String(epoch).padStart(4, '0')}.safetensors`);
  try {
    await mkdir(dir, { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    await writeFile(tmp, bytes);
    await rename(tmp, file);
    const latestTmp = join(dir, `latest.safetensors.tmp-${process.pid}`);
    await copyFile(file, latestTmp);
    await rename(latestTmp, join(dir, 'latest.safetensors'));
  } catch (e) {
    throw new IOError(
      `Could not write checkpoint ${file}: ${(e as Error).message}. Check that the directory is writable.`,
      {
        cause: e,
      },
    );
  }
  return file;
}

/** Reads a checkpoint written by writeCheckpoint (or any safetensors file of F32/I32/BOOL tensors). */
export async function readCheckpoint(file: string): Promise<ParameterCollection> {
  const { readFile } = await import('node:fs/promises');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new IOError(`Could not read checkpoint ${file}: ${(e as Error).message}.`, { cause: e });
  }
  return paramsFromSafetensors(bytes).params;
}
