import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/**
 * Package conditions a plugin's `exports` are read with: Node's for ESM, plus the workspace's
 * `@a3/source` when this CLI itself runs from its TypeScript sources (tests), so a workspace
 * plugin then shares the @a3 packages' source modules — and their registries — with the CLI.
 */
const CONDITIONS = new Set([
  ...(import.meta.url.endsWith('.ts') ? ['@a3/source'] : []),
  'import',
  'node',
  'default',
]);

/** A plugin named by a path (`./my-target.js`, `/abs/plugin.mjs`) rather than a package name. */
export function isLocalSpecifier(spec: string): boolean {
  return spec.startsWith('./') || spec.startsWith('../') || spec === '.' || isAbsolute(spec);
}

/** `@scope/name/sub` → `@scope/name` and `./sub`; `name` → `name` and `.`. */
function splitSpecifier(spec: string): { name: string; subpath: string } {
  const parts = spec.split('/');
  const n = spec.startsWith('@') ? 2 : 1;
  const rest = parts.slice(n).join('/');
  return { name: parts.slice(0, n).join('/'), subpath: rest ? `./${rest}` : '.' };
}

type ExportsTarget = string | null | ExportsTarget[] | { [key: string]: ExportsTarget };

/** Node's conditional-exports choice: the first key (in written order) among our conditions. */
function pickTarget(t: ExportsTarget): string | undefined {
  if (t === null) return undefined;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) {
    for (const x of t) {
      const r = pickTarget(x);
      if (r !== undefined) return r;
    }
    return undefined;
  }
  for (const [key, value] of Object.entries(t)) {
    if (CONDITIONS.has(key)) {
      const r = pickTarget(value);
      if (r !== undefined) return r;
    }
  }
  return undefined;
}

/** The file a package's `exports` (or, without them, `module` / `main`) gives for a subpath. */
function entryFile(dir: string, pkg: Record<string, unknown>, subpath: string): string | undefined {
  const exp = pkg.exports as ExportsTarget | undefined;
  if (exp !== undefined) {
    const isMap =
      exp !== null && typeof exp === 'object' && !Array.isArray(exp) && Object.keys(exp)[0]?.startsWith('.');
    const target = isMap
      ? (exp as Record<string, ExportsTarget>)[subpath]
      : subpath === '.'
        ? exp
        : undefined;
    const file = target === undefined ? undefined : pickTarget(target);
    return file === undefined ? undefined : join(dir, file);
  }
  if (subpath !== '.') return join(dir, subpath);
  const main = [pkg.module, pkg.main].find((m): m is string => typeof m === 'string');
  return join(dir, main ?? 'index.js');
}

export type Resolution = { file: string } | { missing: 'package' | 'entry' | 'file'; where: string };

/**
 * Where a plugin lives, seen from `cwd` (the user's project, not this CLI's install): a path
 * relative to `cwd`, or a package in `node_modules` of `cwd` or a folder above it.
 */
export function resolvePlugin(spec: string, cwd: string): Resolution {
  if (isLocalSpecifier(spec)) {
    const file = resolve(cwd, spec);
    return existsSync(file) && statSync(file).isFile()
      ? { file: realpathSync(file) }
      : { missing: 'file', where: file };
  }
  const { name, subpath } = splitSpecifier(spec);
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const pkgDir = join(dir, 'node_modules', name);
    const manifest = join(pkgDir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
      const file = entryFile(pkgDir, pkg, subpath);
      if (file === undefined || !existsSync(file)) return { missing: 'entry', where: pkgDir };
      return { file: realpathSync(file) };
    }
    if (dirname(dir) === dir) return { missing: 'package', where: resolve(cwd) };
  }
}
