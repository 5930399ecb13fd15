import { readFileSync, statSync } from 'node:fs';
import { IOError } from '@a3/core';

/**
 * Reads a whole file, turning Node's errno errors into an IOError that names the file and the fix.
 * Returns a plain Uint8Array view: Buffer#slice shares memory (small files even share Node's pool
 * buffer), which would break code that copies with .slice() before reinterpreting the bytes.
 */
export function readBytes(file: string): Uint8Array {
  try {
    const buf = readFileSync(file);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (err) {
    throw ioErrorFor(file, err);
  }
}

/** Converts an fs error into an IOError with a message a user can act on. */
export function ioErrorFor(file: string, err: unknown): IOError {
  const code = (err as { code?: string } | null)?.code;
  if (code === 'ENOENT') {
    return new IOError(
      `File not found: ${file}. Check the path (relative paths resolve from ${process.cwd()}).`,
      {
        cause: err,
      },
    );
  }
  if (code === 'EISDIR') return new IOError(`Expected a file but ${file} is a directory.`, { cause: err });
  if (code === 'EACCES') return new IOError(`Permission denied reading ${file}.`, { cause: err });
  const reason = err instanceof Error ? err.message : String(err);
  return new IOError(`Cannot read ${file}: ${reason}`, { cause: err });
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
