import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FormatError } from '@a3/core';
import { clip } from '@a3/args';

/** --plugin, for every command that builds or loads models (train, evaluate, score, export, compare). */
export const PLUGIN_OPTION = {
  type: 'string',
  multiple: true,
  description:
    'Plugin package or file to import first (registers targets, recipes…); repeat or comma-separate',
} as const;

/** The project file that lists plugins, in the cwd. */
export const CONFIG_FILE = 'a3.config.json';

/** Config files are a few lines; anything bigger is not one. */
const MAX_CONFIG_BYTES = 1 << 20;

/** A plugin named in a config file: the specifier and the file that named it. */
export interface ConfiguredPlugin {
  spec: string;
  source: string;
}

function pluginList(value: unknown, source: string, field: string): ConfiguredPlugin[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.trim() !== '')) {
    throw new FormatError(
      `${source}: "${field}" must be a list of package names or paths, e.g. ["@acme/a3-target-lstm", "./my-target.js"].`,
    );
  }
  return value.map((spec: string) => ({ spec: spec.trim(), source }));
}

function readJson(file: string): unknown {
  if (statSync(file).size > MAX_CONFIG_BYTES) {
    throw new FormatError(`${file} is over ${MAX_CONFIG_BYTES} bytes; it is not an a3 config file.`);
  }
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new FormatError(`${file} is not valid JSON (${clip((err as Error).message)}).`, { cause: err });
  }
}

/**
 * Plugins the project in `cwd` asks for: `a3.config.json` `{ "plugins": [...] }` and the
 * `"a3": { "plugins": [...] }` field of its package.json. A package.json that does not parse is
 * left to npm to complain about; a broken a3.config.json is an error.
 */
export function configuredPlugins(cwd: string): ConfiguredPlugin[] {
  const out: ConfiguredPlugin[] = [];
  const config = join(cwd, CONFIG_FILE);
  if (existsSync(config)) {
    const json = readJson(config);
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      throw new FormatError(
        `${config} must hold a JSON object such as { "plugins": ["@acme/a3-target-lstm"] }.`,
      );
    }
    out.push(...pluginList((json as Record<string, unknown>).plugins, config, 'plugins'));
  }
  const pkgFile = join(cwd, 'package.json');
  if (existsSync(pkgFile)) {
    let pkg: unknown;
    try {
      pkg = readJson(pkgFile);
    } catch {
      return out;
    }
    const a3 = pkg !== null && typeof pkg === 'object' ? (pkg as Record<string, unknown>).a3 : undefined;
    if (a3 !== undefined) {
      if (a3 === null || typeof a3 !== 'object' || Array.isArray(a3)) {
        throw new FormatError(
          `${pkgFile}: "a3" must be an object such as { "plugins": ["@acme/a3-target-lstm"] }.`,
        );
      }
      out.push(...pluginList((a3 as Record<string, unknown>).plugins, pkgFile, 'a3.plugins'));
    }
  }
  return out;
}
