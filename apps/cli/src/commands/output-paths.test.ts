import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferOutput, main } from '../index';
import { FAST, run, sensorsTrainArgv, tempDir, trainSensorsModel } from '../testing/fixtures';

const tmp = tempDir('outputs');
let csv: string;
let model: string;
/** The model's files as they were after training: nothing below may change them. */
let modelFiles: Record<string, string>;

/** Each file's SHA-256 (deep-comparing megabytes of Buffer in expect() takes minutes). */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir).map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(join(dir, f)))
        .digest('hex'),
    ]),
  );
}

/** Runs a3 expecting a refusal before any work: exit 1, no stdout, one line that matches. */
async function refused(argv: string[], pattern: RegExp): Promise<string[]> {
  const io = bufferOutput();
  expect(await main(argv, io)).toBe(1);
  expect(io.stdout).toEqual([]);
  expect(io.stderr.at(-1)).toMatch(pattern);
  return io.stderr;
}

beforeAll(async () => {
  ({ csv, model } = await trainSensorsModel(tmp.dir));
  modelFiles = snapshot(model);
}, 120_000);
afterAll(() => tmp.cleanup());

describe('output paths are checked before the work, and never replace an input or a model', () => {
  it('score --out inside the model directory is refused (it would replace a3.json)', async () => {
    await refused(
      ['score', model, csv, '--out', join(model, 'a3.json')],
      /--out .*a3\.json is inside the model directory .*\[A3_INVALID_ARGUMENT\]$/,
    );
    await refused(
      ['score', model, csv, '--out', join(model, 'scores', 'x.csv')],
      /inside the model directory/,
    );
    expect(snapshot(model)).toEqual(modelFiles);
  });

  it('export --onnx inside a model directory is refused', async () => {
    await refused(
      ['export', model, '--onnx', join(model, 'weights.safetensors')],
      /--onnx .* is inside the model directory/,
    );
    expect(snapshot(model)).toEqual(modelFiles);
  });

  it('evaluate --report inside a model directory is refused before evaluating', async () => {
    const stderr = await refused(
      ['evaluate', model, '--report', join(model, 'report.html')],
      /--report .* is inside the model directory/,
    );
    expect(stderr.join('\n')).not.toMatch(/evaluating on/);
    expect(snapshot(model)).toEqual(modelFiles);
  });

  it('score --out that is the input file, however spelled, is refused and the input kept', async () => {
    const before = readFileSync(csv, 'utf8');
    const link = join(tmp.dir, 'link.csv');
    symlinkSync(csv, link);
    for (const out of [csv, join(tmp.dir, '.', 'sub', '..', 'sensors.csv'), link]) {
      await refused(
        ['score', model, csv, '--out', out],
        /--out .* is the input file; .*\[A3_INVALID_ARGUMENT\]$/,
      );
    }
    expect(readFileSync(csv, 'utf8') === before).toBe(true);
  });

  it('score --out that is a directory, or under a file, fails before scoring', async () => {
    const dir = join(tmp.dir, 'a-dir');
    mkdirSync(dir, { recursive: true });
    const stderr = await refused(
      ['score', model, csv, '--out', dir],
      /--out .*a-dir is a directory; name a file/,
    );
    expect(stderr.join('\n')).not.toMatch(/scoring/);
    await refused(
      ['score', model, csv, '--out', join(csv, 'x.csv')],
      /--out .* cannot be created: .*sensors\.csv is a file, not a directory/,
    );
  });

  it('score prints nothing on stdout before its options and columns are checked', async () => {
    const io = bufferOutput();
    expect(await main(['score', model, csv, '--keep', 'serial'], io)).toBe(1);
    expect(io.stdout).toEqual([]);
    expect(io.stderr.at(-1)).toMatch(/serial/);
    const other = join(tmp.dir, 'other.csv');
    writeFileSync(other, 'a,b\n1,2\n');
    const io2 = bufferOutput();
    expect(await main(['score', model, other], io2)).toBe(1);
    expect(io2.stdout).toEqual([]);
  });

  it('train refuses to replace a model without --force, before training', async () => {
    const stderr = await refused(
      [...sensorsTrainArgv(csv), '--out', model, ...FAST],
      /--out .*model already holds an a3 model; pass --force to replace it.*\[A3_INVALID_ARGUMENT\]$/,
    );
    expect(stderr.join('\n')).not.toMatch(/^train: /m);
    expect(snapshot(model)).toEqual(modelFiles);
  });

  it('train --force replaces the model and keeps files a3 did not write', async () => {
    const again = join(tmp.dir, 'again');
    await run([...sensorsTrainArgv(csv), '--out', again, ...FAST]);
    writeFileSync(join(again, 'notes.txt'), 'my notes');
    await run([...sensorsTrainArgv(csv, ['--seed', '2']), '--out', again, '--force', ...FAST]);
    expect(readFileSync(join(again, 'notes.txt'), 'utf8')).toBe('my notes');
    const manifest = JSON.parse(readFileSync(join(again, 'a3.json'), 'utf8')) as { config: { seed: number } };
    expect(manifest.config.seed).toBe(2);
  });

  it('train --out that is the data, or holds it, or is a non-empty folder is refused before training', async () => {
    await refused(
      [...sensorsTrainArgv(csv), '--out', csv, ...FAST],
      /--out .*sensors\.csv is the input data/,
    );
    await refused([...sensorsTrainArgv(csv), '--out', tmp.dir, ...FAST], /--out .* holds the input data/);
    const full = join(tmp.dir, 'full');
    mkdirSync(full, { recursive: true });
    writeFileSync(join(full, 'keep.txt'), 'x');
    await refused(
      [...sensorsTrainArgv(csv), '--out', full, ...FAST],
      /--out .*full is a folder with other files and no model; choose an empty or new folder, or pass --force/,
    );
    await refused(
      [...sensorsTrainArgv(csv), '--out', join(model, 'inner'), ...FAST],
      /inside the model directory/,
    );
  });
});
