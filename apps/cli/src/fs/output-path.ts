import { accessSync, constants, existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { IOError, InvalidArgumentError } from '@a3/core';

/** The file that marks a directory as an a3 model (what `a3 train` writes besides the weights). */
const MODEL_MARKER = 'a3.json';

/** A path a command reads, which no output may replace. */
export interface InputPath {
  path: string;
  /** How messages name it: "the input file", "the input data", … */
  what: string;
}

/**
 * The path as the file system will resolve it: symlinks of the part that exists followed, the
 * rest appended. Two spellings of one file (`./a/../in.csv`, a link) give the same string.
 */
function canonical(path: string): string {
  let head = resolve(path);
  const tail: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(head), ...tail);
    } catch {
      const parent = dirname(head);
      if (parent === head) return resolve(path);
      tail.unshift(basename(head));
      head = parent;
    }
  }
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !isAbsolute(rel) && rel.split(sep)[0] !== '..';
}

/** The closest folder above `path` (or `path` itself when `self`) that holds an a3 model. */
function enclosingModel(path: string, self: boolean): string | undefined {
  for (let dir = self ? path : dirname(path); ; dir = dirname(dir)) {
    if (existsSync(join(dir, MODEL_MARKER))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The folder that will hold `path` must be creatable: its closest existing ancestor is a
 * directory and writable (root passes any permission check; a file in the way still fails).
 */
function checkParent(flag: string, given: string, path: string): void {
  let dir = dirname(path);
  while (!existsSync(dir)) dir = dirname(dir);
  if (!statSync(dir).isDirectory()) {
    throw new IOError(`${flag} ${given} cannot be created: ${dir} is a file, not a directory.`);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new IOError(`${flag} ${given} cannot be written: the folder ${dir} is not writable.`);
  }
}

/**
 * Checks an output file (score --out, export --onnx, evaluate --report) before any work: it is
 * not a directory, not one of the inputs, not inside a model directory (a model save replaces
 * that directory's a3 files, and `--out M/a3.json` would destroy the model), and its folder can
 * be created and written. Returns the absolute path.
 */
export function checkOutputFile(flag: string, given: string, inputs: readonly InputPath[]): string {
  const path = resolve(given);
  const real = canonical(path);
  for (const input of inputs) {
    if (real === canonical(input.path)) {
      throw new InvalidArgumentError(
        `${flag} ${given} is ${input.what}; a3 would replace it. Write elsewhere.`,
      );
    }
  }
  const model = enclosingModel(real, false);
  if (model !== undefined) {
    throw new InvalidArgumentError(
      `${flag} ${given} is inside the model directory ${model}; write outside it (a3 owns the files there).`,
    );
  }
  if (existsSync(real) && statSync(real).isDirectory()) {
    throw new IOError(`${flag} ${given} is a directory; name a file in it, e.g. ${join(given, 'out')}.`);
  }
  checkParent(flag, given, real);
  return path;
}

/**
 * Checks a model directory to write (train --out) before training: not the input data nor a
 * folder holding it, not inside another model, not an existing model unless `force`, not a
 * folder of other files unless `force` (the model is then added beside them), and creatable.
 */
export function checkModelOutput(
  flag: string,
  given: string,
  inputs: readonly InputPath[],
  force: boolean,
): string {
  const path = resolve(given);
  const real = canonical(path);
  for (const input of inputs) {
    const data = canonical(input.path);
    if (real === data)
      throw new InvalidArgumentError(`${flag} ${given} is ${input.what}; choose a new folder.`);
    if (isInside(data, real)) {
      throw new InvalidArgumentError(
        `${flag} ${given} holds ${input.what} (${input.path}); choose another folder.`,
      );
    }
  }
  const outer = enclosingModel(real, false);
  if (outer !== undefined) {
    throw new InvalidArgumentError(
      `${flag} ${given} is inside the model directory ${outer}; choose a folder outside it.`,
    );
  }
  if (existsSync(real)) {
    if (!statSync(real).isDirectory()) {
      throw new IOError(`${flag} ${given} is a file; the model is a directory. Choose a new folder.`);
    }
    const entries = readdirSync(real);
    if (entries.includes(MODEL_MARKER) && !force) {
      throw new InvalidArgumentError(
        `${flag} ${given} already holds an a3 model; pass --force to replace it (files a3 did not write are kept), ` +
          'or choose another folder.',
      );
    }
    if (entries.length > 0 && !entries.includes(MODEL_MARKER) && !force) {
      throw new InvalidArgumentError(
        `${flag} ${given} is a folder with other files and no model; choose an empty or new folder, or pass ` +
          '--force to add the model files beside them.',
      );
    }
  }
  checkParent(flag, given, join(real, MODEL_MARKER));
  return path;
}
