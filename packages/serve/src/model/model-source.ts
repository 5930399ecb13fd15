import { basename, resolve } from 'node:path';
import { InvalidArgumentError } from '@a3/core';

/** A model to serve: the name in its URL (`/v1/models/{name}/score`) and its directory. */
export interface ModelSource {
  readonly name: string;
  readonly dir: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Models from command-line style arguments: `DIR` (named after the directory's basename) or
 * `NAME=DIR`. Names are URL-safe (letters, digits, `.`, `_`, `-`) and unique.
 */
export function parseModelSources(args: readonly string[]): ModelSource[] {
  if (args.length === 0)
    throw new InvalidArgumentError('no model to serve: pass at least one MODEL_DIR or NAME=DIR.');
  const sources = args.map((arg): ModelSource => {
    const eq = arg.indexOf('=');
    const named = eq > 0 && NAME.test(arg.slice(0, eq));
    const dir = resolve(named ? arg.slice(eq + 1) : arg);
    const name = named ? arg.slice(0, eq) : basename(dir);
    if (!NAME.test(name)) {
      throw new InvalidArgumentError(
        `model name ${JSON.stringify(name.slice(0, 64))} (from ${JSON.stringify(arg.slice(0, 100))}) is not URL-safe; ` +
          'name it explicitly as NAME=DIR with letters, digits, ".", "_" or "-".',
      );
    }
    return { name, dir };
  });
  const dup = sources.find((s, i) => sources.findIndex((t) => t.name === s.name) !== i);
  if (dup) {
    throw new InvalidArgumentError(
      `two models are named "${dup.name}"; give each its own name with NAME=DIR (e.g. ${dup.name}-2=${dup.dir}).`,
    );
  }
  return sources;
}
