import { open, mkdir, readFile, readdir, rename, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { FormatError, IOError, formatShape, shapeSize, type TensorData } from '@a3/core';
import { decodeSafetensors, encodeSafetensors } from '@a3/nn';
import { MODEL_LIMITS } from './limits';
import {
  MANIFEST_FILE,
  MODEL_FORMAT,
  MODEL_FILES,
  MODEL_FORMAT_VERSION,
  HEADS_DIR,
  parseManifest,
  type ModelManifest,
} from './manifest';
import {
  MANIFEST_PART,
  recoverModelDir,
  removeStaging,
  replaceHeads,
  settled,
  stagingFolder,
} from './recovery';

export interface ModelFiles<M extends ManifestWithWeights = ModelManifest> {
  manifest: M;
  tensors: Record<string, TensorData>;
  /**
   * Writes the model's heads into the given (new, empty) folder of the staged copy, which
   * becomes `heads/` of the model directory in the same atomic save. Absent: the model has no
   * heads (a heads folder of the model it replaces is removed).
   */
  writeHeads?: (dir: string) => Promise<void>;
}

/** What the directory code needs of any manifest: the weights file and its tensors' shapes. */
export interface ManifestWithWeights {
  weights: { file: string; tensors: Record<string, number[]> };
}

export interface SaveOptions {
  /**
   * Replace the model already in the directory (default false: refuse). Only a3's own files
   * (modelFiles()) are replaced; anything else in the directory stays where it is. Also allows
   * adding a model to a non-empty directory that holds none.
   */
  force?: boolean;
}

/** The files a3 writes into a model directory — the only ones a save replaces. */
export function modelFiles(): string[] {
  return [...MODEL_FILES];
}

/** Whether `dir` is a directory holding an a3 model (an a3.json of format "a3-model"). */
export async function isModelDir(dir: string): Promise<boolean> {
  try {
    const json = JSON.parse(await readManifestText(resolve(dir))) as { format?: unknown } | null;
    return json !== null && typeof json === 'object' && json.format === MODEL_FORMAT;
  } catch {
    return false;
  }
}

type DirState = 'missing' | 'empty' | 'model' | 'other';

async function dirState(target: string): Promise<DirState> {
  const st = await stat(target).catch(() => null);
  if (!st) return 'missing';
  if (!st.isDirectory()) {
    throw new IOError(
      `Cannot save the model to ${target}: a file with that name exists. Choose another path.`,
    );
  }
  const entries = await readdir(target);
  if (entries.length === 0) return 'empty';
  return entries.includes(MANIFEST_FILE) ? 'model' : 'other';
}

async function writeDurably(path: string, data: Uint8Array | string): Promise<void> {
  const f = await open(path, 'w');
  try {
    await f.writeFile(data);
    await f.sync();
  } finally {
    await f.close();
  }
}

/**
 * Writes a model directory so that a crash at any moment leaves the old model or the new one,
 * never a mix and never nothing: the files are staged in a hidden sibling folder (see
 * recovery.ts), then a new directory is renamed into place, or an existing one gets the new
 * weights and then the new a3.json by rename. Other files in the directory are never touched.
 * An existing model is replaced only with `{ force: true }`.
 */
export async function writeModelDir<M extends ManifestWithWeights>(
  dir: string,
  files: ModelFiles<M>,
  options: SaveOptions = {},
): Promise<void> {
  const target = resolve(dir);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true }).catch((err: unknown) => {
    throw new IOError(`Cannot create ${parent} to save the model: ${(err as Error).message}`, { cause: err });
  });
  await recoverModelDir(target);
  const state = await dirState(target);
  if (state === 'model' && !options.force) {
    throw new IOError(
      `${target} already holds an a3 model. Pass { force: true } to replace it (the CLI: --force); ` +
        `only a3's own ${modelFiles().join(', ')} are replaced, other files there are kept.`,
    );
  }
  if (state === 'other' && !options.force) {
    throw new IOError(
      `Cannot save the model to ${target}: the directory is not empty and holds no ${MANIFEST_FILE}, so it is ` +
        'not an a3 model. Choose an empty or new directory, or pass { force: true } to add the model files beside the others.',
    );
  }
  const weightsFile = files.manifest.weights.file;
  const weights = encodeSafetensors(files.tensors, {
    format: MODEL_FORMAT,
    formatVersion: String(MODEL_FORMAT_VERSION),
  });
  const manifest = JSON.stringify(files.manifest, null, 2) + '\n';
  const tmp = stagingFolder(target);
  let committed = false;
  try {
    await mkdir(tmp);
    await writeDurably(join(tmp, weightsFile), weights);
    if (files.writeHeads) {
      await mkdir(join(tmp, HEADS_DIR));
      await files.writeHeads(join(tmp, HEADS_DIR));
    }
    await writeDurably(join(tmp, MANIFEST_PART), manifest);
    await rename(join(tmp, MANIFEST_PART), join(tmp, MANIFEST_FILE));
    // From here the staged copy is complete: recovery rolls forward, never back.
    committed = true;
    if (state === 'missing') {
      await rename(tmp, target);
    } else {
      await rename(join(tmp, weightsFile), join(target, weightsFile));
      await replaceHeads(tmp, target, files.writeHeads !== undefined);
      await rename(join(tmp, MANIFEST_FILE), join(target, MANIFEST_FILE));
      await rmdir(tmp);
    }
  } catch (err) {
    settled(tmp);
    if (committed) await recoverModelDir(target).catch(() => undefined);
    else await removeStaging(tmp);
    throw new IOError(`Saving the model to ${target} failed: ${(err as Error).message}`, { cause: err });
  } finally {
    settled(tmp);
  }
}

/** a3.json's text, refusing files above MODEL_LIMITS.maxManifestBytes before reading them. */
export async function readManifestText(target: string): Promise<string> {
  const path = join(target, MANIFEST_FILE);
  try {
    const st = await stat(path);
    if (st.size > MODEL_LIMITS.maxManifestBytes) {
      throw new FormatError(
        `${path} is ${st.size} bytes, above the limit of ${MODEL_LIMITS.maxManifestBytes} for a3.json ` +
          '(the weights live in the weights file); the file is not a model manifest.',
      );
    }
    return await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof FormatError) throw err;
    const code = (err as { code?: string }).code;
    throw new IOError(
      code === 'ENOENT'
        ? `No a3 model at ${target}: ${MANIFEST_FILE} is missing. Pass the directory A3Detector.save() wrote.`
        : `Cannot read ${path}: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

/**
 * Reads and cross-checks a model directory: the manifest parses, the weights file decodes,
 * and every tensor the manifest lists is in the file with the listed shape.
 */
export async function readModelDir(dir: string): Promise<ModelFiles> {
  return readModelDirWith(dir, parseManifest);
}

/**
 * readModelDir with another manifest parser (detector kinds other than A³ store other fields).
 * Settles an interrupted save first (best effort: a read-only copy still loads). The weights
 * file must be as large as the tensors a3.json lists (and not much larger) before it is read,
 * and then hold exactly those tensors.
 */
export async function readModelDirWith<M extends ManifestWithWeights>(
  dir: string,
  parse: (value: unknown, source: string) => M,
): Promise<ModelFiles<M>> {
  const target = resolve(dir);
  await recoverModelDir(target).catch(() => undefined);
  const manifestPath = join(target, MANIFEST_FILE);
  const text = await readManifestText(target);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new FormatError(
      `${manifestPath} is not valid JSON (${(err as Error).message}); the file is corrupt.`,
      {
        cause: err,
      },
    );
  }
  const manifest = parse(parsed, manifestPath);
  const weightsPath = join(target, manifest.weights.file);
  const listed = Object.values(manifest.weights.tensors).reduce((n, s) => n + shapeSize(s) * 4, 0);
  let bytes: Uint8Array;
  try {
    const size = (await stat(weightsPath)).size;
    if (size < listed + 8) {
      throw new FormatError(
        `${weightsPath} is truncated or from another model: ${size} bytes, but the tensors ${MANIFEST_FILE} ` +
          `lists need ${listed} bytes of data.`,
      );
    }
    if (size > listed + 8 + MODEL_LIMITS.maxWeightsHeaderBytes) {
      throw new FormatError(
        `${weightsPath} is ${size} bytes, far more than the ${listed} bytes of tensors ${MANIFEST_FILE} lists ` +
          '(plus a header); the files do not belong together.',
      );
    }
    bytes = await readFile(weightsPath);
  } catch (err) {
    if (err instanceof FormatError) throw err;
    throw new FormatError(
      `The model at ${target} has no readable weights file ${manifest.weights.file}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const { tensors } = decodeSafetensors(bytes, weightsPath);
  for (const [name, shape] of Object.entries(manifest.weights.tensors)) {
    const t = Object.hasOwn(tensors, name) ? tensors[name] : undefined;
    if (!t) {
      throw new FormatError(
        `${weightsPath} is missing tensor "${name}" that ${MANIFEST_FILE} lists; the files do not belong together.`,
      );
    }
    if (t.shape.join(',') !== shape.join(',')) {
      throw new FormatError(
        `${weightsPath}: tensor "${name}" has shape ${formatShape(t.shape)} but ${MANIFEST_FILE} expects ${formatShape(shape)}.`,
      );
    }
    if (t.dtype !== 'float32')
      throw new FormatError(`${weightsPath}: tensor "${name}" is ${t.dtype}; expected F32.`);
  }
  const extra = Object.keys(tensors).find((name) => !Object.hasOwn(manifest.weights.tensors, name));
  if (extra !== undefined) {
    throw new FormatError(
      `${weightsPath} holds tensor "${extra.slice(0, 100)}" that ${MANIFEST_FILE} does not list; the files do not belong together.`,
    );
  }
  return { manifest, tensors };
}
