import { backendDescriptions, type BackendDescription } from './manifest';

/*
 * Finds the backends installed packages describe in their package.json ("a3".backends), without
 * importing any of them: the registry imports a package only when its backend is wanted. Looked at:
 * every installed @a3/* package, the application's package.json (the nearest one above the working
 * directory) and every package it declares. Installed means: in a node_modules folder above the
 * working directory or above this module, the folders Node itself resolves packages from.
 */

type Fs = typeof import('node:fs');
type Path = typeof import('node:path');
type Url = typeof import('node:url');

const DEPENDENCY_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies'];

function readJson(fs: Fs, file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** `dir` and every folder above it. */
function upFrom(path: Path, dir: string): string[] {
  const out: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    out.push(d);
    if (path.dirname(d) === d) return out;
  }
}

/** The node_modules folders Node resolves packages from, for code in `dirs`, nearest first. */
function nodeModulesFolders(fs: Fs, path: Path, dirs: readonly string[]): string[] {
  const found = dirs.flatMap((d) => upFrom(path, d)).map((d) => path.join(d, 'node_modules'));
  return [...new Set(found)].filter((d) => fs.existsSync(d));
}

/** The package.json files to read: the app's, every @a3/* package, every package the app declares. */
function manifestFiles(fs: Fs, path: Path, cwd: string, folders: readonly string[]): string[] {
  const files: string[] = [];
  const app = upFrom(path, cwd)
    .map((d) => path.join(d, 'package.json'))
    .find((f) => fs.existsSync(f));
  const appManifest = app ? readJson(fs, app) : undefined;
  if (app) files.push(app);
  for (const folder of folders) {
    const scope = path.join(folder, '@a3');
    if (!fs.existsSync(scope)) continue;
    for (const name of fs.readdirSync(scope)) files.push(path.join(scope, name, 'package.json'));
  }
  const declared =
    typeof appManifest === 'object' && appManifest !== null
      ? DEPENDENCY_FIELDS.flatMap((field) =>
          Object.keys((appManifest as Record<string, Record<string, unknown> | undefined>)[field] ?? {}),
        )
      : [];
  for (const name of new Set(declared)) {
    const file = folders.map((f) => path.join(f, name, 'package.json')).find((f) => fs.existsSync(f));
    if (file) files.push(file);
  }
  return [...new Set(files)];
}

/**
 * The backends described by the packages installed for `cwd` and for the module at `moduleUrl`. A
 * package's description of itself wins over another package's mention of the same name; among
 * equals, the first found (nearest) wins. A malformed manifest is left out, as is anything on a
 * platform without a file system (there only registered backends exist).
 */
export async function discoverBackends(
  cwd: string,
  moduleUrl: string | undefined,
): Promise<BackendDescription[]> {
  let fs: Fs;
  let path: Path;
  let url: Url;
  try {
    [fs, path, url] = await Promise.all([import('node:fs'), import('node:path'), import('node:url')]);
  } catch {
    return [];
  }
  const moduleDir = moduleUrl?.startsWith('file:') ? path.dirname(url.fileURLToPath(moduleUrl)) : undefined;
  const folders = nodeModulesFolders(fs, path, moduleDir ? [cwd, moduleDir] : [cwd]);
  const all: BackendDescription[] = [];
  for (const file of manifestFiles(fs, path, cwd, folders)) {
    try {
      all.push(...backendDescriptions(readJson(fs, file)));
    } catch {
      // A package whose "a3".backends is malformed describes nothing; its own import fails loudly.
    }
  }
  const byName = new Map<string, BackendDescription>();
  for (const d of [...all.filter((x) => x.own), ...all.filter((x) => !x.own)]) {
    if (!byName.has(d.name)) byName.set(d.name, d);
  }
  return [...byName.values()];
}
