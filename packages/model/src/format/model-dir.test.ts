import '@a3/backend-onnx';
import { IOError } from '@a3/core';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A3Detector, HEADS_DIR, MANIFEST_FILE, WEIGHTS_FILE, isModelDir, modelFiles } from '../index';
import { syntheticProblem } from '../testing/synthetic';

const problem = syntheticProblem({ seed: 3, nNormalTrain: 120, nKnown: 6 });
const tiny = (seed: number) => ({
  targetOptions: { encoder: [8, 4] },
  alarm: { hidden: [8] },
  targetTraining: { epochs: 1, batchSize: 64, learningRate: 1e-3 },
  alarmTraining: { epochs: 1, batchSize: 64, learningRate: 1e-3 },
  seed,
});
/** Above Linux's largest pid (2^22): no process has it, so its folders are leftovers of a crash. */
const DEAD_PID = 2 ** 22 + 1;

let root: string;
let detector: A3Detector;
/** Two different models (other seeds, other thresholds) to stage as a save's old and new copies. */
const copies: Record<'old' | 'new', { dir: string; scores: Float32Array; threshold: number }> = {} as never;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'a3-model-dir-'));
  detector = await new A3Detector(tiny(1)).fit(problem.train, { backend: 'onnx' });
  for (const [kind, seed, threshold] of [
    ['old', 1, 0.25],
    ['new', 2, 0.75],
  ] as const) {
    const d =
      kind === 'old' ? detector : await new A3Detector(tiny(seed)).fit(problem.train, { backend: 'onnx' });
    d.setThreshold(threshold);
    const dir = join(root, `source-${kind}`);
    await d.save(dir);
    copies[kind] = { dir, scores: await d.score(problem.test.x), threshold };
  }
});

afterAll(async () => {
  detector.dispose();
  await rm(root, { recursive: true, force: true });
});

/** Hidden entries next to `dir` that belong to its saves. */
async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dirname(dir))).filter((n) => n.startsWith(`.${basename(dir)}.`));
}

describe('saving into an existing directory', () => {
  it('refuses to replace a model without force; forced, replaces only a3.json and the weights', async () => {
    const dir = join(root, 'keep');
    await detector.save(dir);
    await writeFile(join(dir, 'notes.txt'), 'my notes');
    await mkdir(join(dir, 'scores'));
    await writeFile(join(dir, 'scores', 'run1.csv'), 'score\n0.5\n');
    await expect(detector.save(dir)).rejects.toThrow(IOError);
    await expect(detector.save(dir)).rejects.toThrow(/already holds an a3 model\. Pass \{ force: true \}/);
    detector.setThreshold(0.6);
    await detector.save(dir, { force: true });
    expect((await readdir(dir)).sort()).toEqual([MANIFEST_FILE, 'notes.txt', 'scores', WEIGHTS_FILE]);
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('my notes');
    expect(await readFile(join(dir, 'scores', 'run1.csv'), 'utf8')).toBe('score\n0.5\n');
    const loaded = await A3Detector.load(dir, { backend: 'onnx' });
    expect(loaded.threshold).toBe(0.6);
    loaded.dispose();
    expect(await leftovers(dir)).toEqual([]);
  });

  it('adds a model to a non-empty directory without one only when forced, keeping its files', async () => {
    const dir = join(root, 'project');
    await mkdir(dir);
    await writeFile(join(dir, 'data.csv'), 'a,b\n1,2\n');
    await expect(detector.save(dir)).rejects.toThrow(/not an a3 model.*force/);
    expect(await readdir(dir)).toEqual(['data.csv']);
    await detector.save(dir, { force: true });
    expect((await readdir(dir)).sort()).toEqual([MANIFEST_FILE, 'data.csv', WEIGHTS_FILE]);
    expect(await readFile(join(dir, 'data.csv'), 'utf8')).toBe('a,b\n1,2\n');
  });

  it('saves into an empty directory and refuses a path that is a file', async () => {
    const dir = join(root, 'empty');
    await mkdir(dir);
    await detector.save(dir);
    expect((await readdir(dir)).sort()).toEqual([MANIFEST_FILE, WEIGHTS_FILE]);
    await writeFile(join(root, 'a-file'), 'x');
    await expect(detector.save(join(root, 'a-file'), { force: true })).rejects.toThrow(
      /a file with that name exists/,
    );
  });

  it('isModelDir tells model directories from others; modelFiles lists what a3 writes', async () => {
    expect(modelFiles()).toEqual([MANIFEST_FILE, WEIGHTS_FILE, HEADS_DIR]);
    expect(await isModelDir(copies.old.dir)).toBe(true);
    expect(await isModelDir(root)).toBe(false);
    expect(await isModelDir(join(root, 'nowhere'))).toBe(false);
    expect(await isModelDir(join(copies.old.dir, MANIFEST_FILE))).toBe(false);
  });
});

describe('recovering from a crash between the renames of a save (on load and on the next save)', () => {
  const staging = (dir: string, kind: 'tmp' | 'old', pid = DEAD_PID) =>
    join(dirname(dir), `.${basename(dir)}.${kind}-${pid}-0123abcd`);

  async function copyInto(from: string, to: string, names = [MANIFEST_FILE, WEIGHTS_FILE]): Promise<void> {
    await mkdir(to, { recursive: true });
    for (const n of names) await copyFile(join(from, n), join(to, n));
  }

  async function expectModel(dir: string, which: 'old' | 'new'): Promise<void> {
    const d = await A3Detector.load(dir, { backend: 'onnx' });
    expect(d.threshold).toBe(copies[which].threshold);
    // Reloaded weights go through a fresh ONNX Runtime session, which pre-packs frozen weights per
    // compilation: the last float32 bits may differ, so equal means within 1e-6.
    const got = await d.score(problem.test.x);
    expect(got.reduce((m, v, i) => Math.max(m, Math.abs(v - copies[which].scores[i])), 0)).toBeLessThan(1e-6);
    d.dispose();
  }

  it('model missing, a complete new copy and the old one (directory swap) → the new model, user files back', async () => {
    const dir = join(root, 'swap');
    await copyInto(copies.new.dir, staging(dir, 'tmp'));
    await copyInto(copies.old.dir, staging(dir, 'old'));
    await writeFile(join(staging(dir, 'old'), 'notes.txt'), 'mine');
    await expectModel(dir, 'new');
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(await leftovers(dir)).toEqual([]);
  });

  it('model missing, the new copy incomplete (no a3.json yet) → the old model is restored', async () => {
    const dir = join(root, 'restore');
    await copyInto(copies.new.dir, staging(dir, 'tmp'), [WEIGHTS_FILE]);
    await copyInto(copies.old.dir, staging(dir, 'old'));
    await expectModel(dir, 'old');
    expect(await leftovers(dir)).toEqual([]);
  });

  it('new weights already moved in, the new a3.json still staged → the new model, never a mix', async () => {
    const dir = join(root, 'half-moved');
    await copyInto(copies.old.dir, dir);
    await copyFile(join(copies.new.dir, WEIGHTS_FILE), join(dir, WEIGHTS_FILE));
    await copyInto(copies.new.dir, staging(dir, 'tmp'), [MANIFEST_FILE]);
    await expectModel(dir, 'new');
    expect(await leftovers(dir)).toEqual([]);
  });

  it('an incomplete copy next to an intact model is removed and the model kept', async () => {
    const dir = join(root, 'intact');
    await copyInto(copies.old.dir, dir);
    await copyInto(copies.new.dir, staging(dir, 'tmp'), [WEIGHTS_FILE]);
    await expectModel(dir, 'old');
    expect(await leftovers(dir)).toEqual([]);
  });

  it('an old copy left after a finished swap is removed, with its user files moved back', async () => {
    const dir = join(root, 'finished');
    await copyInto(copies.new.dir, dir);
    await copyInto(copies.old.dir, staging(dir, 'old'));
    await writeFile(join(staging(dir, 'old'), 'notes.txt'), 'mine');
    await expectModel(dir, 'new');
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(await leftovers(dir)).toEqual([]);
  });

  it("leaves a running save's folder (live process, recently touched) alone", async () => {
    const dir = join(root, 'busy');
    await copyInto(copies.old.dir, dir);
    await copyInto(copies.new.dir, staging(dir, 'tmp', process.ppid), [WEIGHTS_FILE]);
    await expectModel(dir, 'old');
    expect(await leftovers(dir)).toEqual([basename(staging(dir, 'tmp', process.ppid))]);
  });

  it('the next save recovers first: the restored model is not replaced without force', async () => {
    const dir = join(root, 'next-save');
    await copyInto(copies.new.dir, staging(dir, 'tmp'));
    await copyInto(copies.old.dir, staging(dir, 'old'));
    await expect(detector.save(dir)).rejects.toThrow(/already holds an a3 model/);
    expect(await leftovers(dir)).toEqual([]);
    await expectModel(dir, 'new');
  });
});
