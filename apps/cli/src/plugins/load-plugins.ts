import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IOError } from '@a3/core';
import { clip, MULTI_SEPARATOR } from '@a3/args';
import { configuredPlugins } from './plugin-config';
import { isLocalSpecifier, resolvePlugin } from './resolve-plugin';

/** Who asked for a plugin, for messages that say where to fix the request. */
export type PluginOrigin =
  { kind: 'flag' } | { kind: 'config'; source: string } | { kind: 'model'; dir: string };

/** The start of a message about plugin `spec`, naming who asked for it. */
function subject(spec: string, origin: PluginOrigin): string {
  switch (origin.kind) {
    case 'flag':
      return `--plugin ${clip(spec)}:`;
    case 'config':
      return `${origin.source} lists the plugin ${clip(spec)}, but`;
    case 'model':
      return `the model at ${origin.dir} needs the plugin ${clip(spec)}, which`;
    default: {
      const never: never = origin;
      return never;
    }
  }
}

/** Module URLs of the plugins this process imported, in order. */
const imported: string[] = [];

/** The plugins this process imported, as module URLs: what a worker thread imports to match it. */
export function importedPluginUrls(): readonly string[] {
  return imported;
}

/**
 * Imports one plugin (which registers its targets, anomaly networks or recipes on import) and
 * returns the name to record in a model: the package specifier, or the absolute file path.
 */
export async function importPlugin(spec: string, cwd: string, origin: PluginOrigin): Promise<string> {
  const found = resolvePlugin(spec, cwd);
  const who = subject(spec, origin);
  if ('missing' in found) {
    const missing = found.missing;
    switch (missing) {
      case 'file':
        throw new IOError(
          origin.kind === 'model'
            ? `${who} is no longer at ${found.where}; give its new place with --plugin PATH.`
            : `${who} no file ${found.where}.`,
        );
      case 'package': {
        const verb = origin.kind === 'flag' ? `no package ${clip(spec)} is` : 'is not';
        throw new IOError(
          `${who} ${verb} installed in ${found.where} or a folder above; install it with \`npm install ${clip(spec)}\`` +
            (origin.kind === 'model' ? ' where you run a3.' : '.'),
        );
      }
      case 'entry':
        throw new IOError(
          `${who} the package in ${found.where} has no entry a3 can import (its "exports" / "main"); is it built?`,
        );
      default: {
        const never: never = missing;
        return never;
      }
    }
  }
  const url = pathToFileURL(found.file).href;
  try {
    await import(/* @vite-ignore */ url);
    if (!imported.includes(url)) imported.push(url);
  } catch (err) {
    throw new IOError(`${who} failed to import: ${clip((err as Error).message)}`, { cause: err });
  }
  return isLocalSpecifier(spec) ? found.file : spec;
}

/**
 * The plugins of one command run, imported in order before it starts: the project's configured
 * ones (a3.config.json, package.json "a3.plugins"), then --plugin's. Returns what a model
 * trained in this run records, without repeats.
 */
export async function loadCommandPlugins(flag: string | undefined, cwd: string): Promise<string[]> {
  const requests: { spec: string; origin: PluginOrigin }[] = [
    ...configuredPlugins(cwd).map((c) => ({
      spec: c.spec,
      origin: { kind: 'config', source: c.source } as const,
    })),
    ...(flag ?? '')
      .split(MULTI_SEPARATOR)
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map((spec) => ({ spec, origin: { kind: 'flag' } as const })),
  ];
  const recorded: string[] = [];
  for (const r of requests) {
    const name = await importPlugin(r.spec, cwd, r.origin);
    if (!recorded.includes(name)) recorded.push(name);
  }
  return recorded;
}

/** A model's a3.json is small; a bigger one is left to @a3/model to refuse with its own message. */
const MAX_MANIFEST_BYTES = 16 << 20;
/** More recorded plugins than this is no model a3 wrote. */
const MAX_RECORDED = 64;

/**
 * The plugins a model recorded at training (its protocol's "plugins"), read before the model is
 * loaded since loading it needs them. A missing or unreadable a3.json yields none: loading the
 * model then reports what is wrong.
 */
export function recordedPlugins(modelDir: string): string[] {
  const file = join(modelDir, 'a3.json');
  try {
    if (!existsSync(file) || statSync(file).size > MAX_MANIFEST_BYTES) return [];
    const json = JSON.parse(readFileSync(file, 'utf8')) as { protocol?: { plugins?: unknown } } | null;
    const list = json?.protocol?.plugins;
    return Array.isArray(list)
      ? list.filter((p): p is string => typeof p === 'string' && p !== '').slice(0, MAX_RECORDED)
      : [];
  } catch {
    return [];
  }
}

/** Imports the plugins a model recorded, resolved from `cwd`. */
export async function loadRecordedPlugins(modelDir: string, cwd: string): Promise<void> {
  for (const spec of recordedPlugins(modelDir))
    await importPlugin(spec, cwd, { kind: 'model', dir: modelDir });
}

/**
 * The modules a scoring worker thread (`a3 serve`'s ScoringPool) imports before it loads a
 * model, so it knows every detector and target this process does: @a3/baselines (the robust
 * preset's heads), then the plugins imported so far.
 */
export function scoringWorkerPreload(): string[] {
  return [import.meta.resolve('@a3/baselines'), ...importedPluginUrls()];
}
