import { FormatError } from '../errors/errors';

/**
 * One backend as a package.json describes it, under `"a3": { "backends": [...] }`:
 *
 *     "a3": { "backends": [{ "name": "onnx", "priority": 400 }] }
 *
 * A backend package describes what it registers (no `package`: itself). A package may also name a
 * backend another package provides (`"package": "…"`) so that, while that one is not installed, a3
 * can say what to install; the providing package's own description wins once it is installed.
 */
export interface BackendDescription {
  /** The name getBackend() and A3_BACKEND take. */
  readonly name: string;
  /** Its rank in default selection before its package is imported; the package registers the same. */
  readonly priority: number;
  /** The npm package that registers it when imported. */
  readonly package: string;
  /** Whether `package` is the package.json that describes it. */
  readonly own: boolean;
}

/** The package.json field backend packages describe themselves in. */
export const BACKEND_MANIFEST_FIELD = 'a3';

const NAME = /^[a-z0-9][a-z0-9-]*$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The backends a parsed package.json describes (none when it has no `a3.backends`). Throws a
 * FormatError naming the package and the entry when the field is malformed.
 */
export function backendDescriptions(manifest: unknown): BackendDescription[] {
  if (!isObject(manifest)) return [];
  const field = manifest[BACKEND_MANIFEST_FIELD];
  if (!isObject(field) || field.backends === undefined) return [];
  const self = typeof manifest.name === 'string' ? manifest.name : '';
  const where = `package.json of ${self || 'an unnamed package'}: "a3".backends`;
  if (!Array.isArray(field.backends)) throw new FormatError(`${where} must be an array.`);
  return field.backends.map((entry: unknown, i): BackendDescription => {
    const bad = (what: string) =>
      new FormatError(
        `${where}[${i}] ${what}; write { "name": "my-backend", "priority": 150 } (and "package" when another package provides it).`,
      );
    if (!isObject(entry)) throw bad('is not an object');
    const { name, priority, package: pkg } = entry;
    if (typeof name !== 'string' || !NAME.test(name))
      throw bad('needs a "name" of lower-case letters, digits and dashes');
    if (typeof priority !== 'number' || !Number.isFinite(priority))
      throw bad('needs a finite number "priority"');
    if (pkg !== undefined && (typeof pkg !== 'string' || pkg === ''))
      throw bad('has a "package" that is not a name');
    const provider = pkg ?? self;
    if (!provider) throw bad('needs a "package": its package.json has no name');
    return { name, priority, package: provider, own: provider === self };
  });
}

/**
 * What a backend package registers `name` with, read from its own package.json (imported as JSON),
 * so the priority default selection ranks it by before import and after is written once.
 */
export function ownBackendDescription(
  manifest: unknown,
  name: string,
): { priority: number; package: string } {
  const found = backendDescriptions(manifest).find((d) => d.name === name && d.own);
  if (!found) {
    const self = isObject(manifest) && typeof manifest.name === 'string' ? manifest.name : 'the package';
    throw new FormatError(
      `${self} registers backend "${name}" but its package.json does not describe it: add { "name": "${name}", "priority": … } to "a3".backends.`,
    );
  }
  return { priority: found.priority, package: found.package };
}
