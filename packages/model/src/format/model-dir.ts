import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { FormatError, IOError, formatShape, type TensorData } from '@a3/core';
import { decodeSafetensors, encodeSafetensors } from '@a3/nn';
import {
  MANIFEST_FILE,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  parseManifest,
  type ModelManifest,
} from './manifest';

export interface ModelFiles<M extends ManifestWithWeights = ModelManifest> {
  manifest: M;
  tensors: Record<string, TensorData>;
}

/** What the directory code needs of any manifest: the weights file and its tensors' shapes. */
export interface ManifestWithWeights {
  weights: { file: string; tensors: Record<string, number[]> };
}

/**
 * Writes a model directory atomically: everything goes to a fresh sibling directory first,
 * which then replaces `dir` by rename. A crash mid-save leaves the old model (or nothing),
 * never a half-written one. An existing `dir` that is not an a3 model is never overwritten.
 */
export async function writeModelDir<M extends ManifestWithWeights>(dir: string, files: ModelFiles<M>): Promise<void> {
  const target = resolve(dir);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true }).catch((err: unknown) => {
    throw new IOError(`Cannot create ${parent} to save the model: ${(err as Error).message}`, { cause: err });
  });
  if (existsSync(target)) await assertReplaceable(target);
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = join(parent, `.${basename(target)}.tmp-${suffix}`);
  const old = join(parent, `.${basename(target)}.old-${suffix}`);
  try {
    await mkdir(tmp);
    const weights = encodeSafetensors(files.tensors, {
      format: MODEL_FORMAT,
      formatVersion: String(MODEL_FORMAT_VERSION),
    });
    await writeFile(join(tmp, files.manifest.weights.file), weights);
    await writeFile(join(tmp, MANIFEST_FILE), JSON.stringify(files.manifest, null, 2) + '\n');
    if (existsSync(target)) await rename(target, old);
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    if (existsSync(old) && !existsSync(target)) await rename(old, target).catch(() => undefined);
    throw new IOError(`Saving the model to ${target} failed: ${(err as Error).message}`, { cause: err });
  }
  await rm(old, { recursive: true, force: true });
}

async function assertReplaceable(target: string): Promise<void> {
  const s = await stat(target);
  if (!s.isDirectory()) {
    throw new IOError(
      `Cannot save the model to ${target}: a file with that name exists. Choose another path.`,
    );
  }
  const entries = await readdir(target);
  if (entries.length > 0 && !entries.includes(MANIFEST_FILE)) {
    throw new IOError(
      `Cannot save the model to ${target}: the directory is not empty and holds no ${MANIFEST_FILE}, ` +
        'so it is not an a3 model we may replace. Choose an empty or new directory.',
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

/** readModelDir with another manifest parser (detector kinds other than A³ store other fields). */
export async function readModelDirWith<M extends ManifestWithWeights>(
  dir: string,
  parse: (value: unknown, source: string) => M,
): Promise<ModelFiles<M>> {
  const target = resolve(dir);
  const manifestPath = join(target, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new IOError(
      code === 'ENOENT'
        ? `No a3 model at ${target}: ${MANIFEST_FILE} is missing. Pass the directory A3Detector.save() wrote.`
        : `Cannot read ${manifestPath}: ${(err as Error).message}`,
      { cause: err },
    );
  }
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
  let bytes: Uint8Array;
  try {
    bytes = await readFile(weightsPath);
  } catch (err) {
    throw new FormatError(
      `The model at ${target} has no readable weights file ${manifest.weights.file}: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  const { tensors } = decodeSafetensors(bytes, weightsPath);
  for (const [name, shape] of Object.entries(manifest.weights.tensors)) {
    const t = tensors[name];
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
  return { manifest, tensors };
}
