import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IOError } from '../errors/errors';
import { writeFileAtomic } from './atomic-file';

const dir = mkdtempSync(join(tmpdir(), 'a3-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes text and bytes, replacing a file, creating missing folders; no temp file is left', async () => {
    const path = join(dir, 'new', 'deeper', 'out.txt');
    await writeFileAtomic(path, 'first');
    await writeFileAtomic(path, Uint8Array.from([0x6f, 0x6b]));
    expect(readFileSync(path, 'utf8')).toBe('ok');
    expect(readdirSync(join(dir, 'new', 'deeper'))).toEqual(['out.txt']);
  });

  it('a failed write keeps the old target, leaves no temp file, and names the path', async () => {
    // The target is a non-empty folder: the rename onto it fails after the temp file was written.
    const target = join(dir, 'busy');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'kept');
    const err = await writeFileAtomic(target, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IOError);
    expect((err as Error).message).toMatch(/^cannot write .*busy: /);
    expect(readFileSync(join(target, 'keep.txt'), 'utf8')).toBe('kept');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('with createFolder false, a missing folder is an IOError and nothing is created', async () => {
    const path = join(dir, 'absent', 'm.onnx');
    await expect(writeFileAtomic(path, 'x', { createFolder: false })).rejects.toThrow(
      /cannot write .*m\.onnx/,
    );
    expect(readdirSync(dir)).not.toContain('absent');
  });
});
