import {
  BackendNotInstalledError,
  BackendUnavailableError,
  InvalidArgumentError,
  UnknownBackendError,
} from '../errors/errors';
import type { Backend, BackendCapabilities } from './backend';
import { discoverBackends } from './discovery';
import type { BackendDescription } from './manifest';

export type Availability = { available: true } | { available: false; reason: string };

export interface BackendRegistration {
  /** Higher wins when nothing is chosen. */
  priority: number;
  capabilities: BackendCapabilities;
  /** The npm package that provides it (shown to users). */
  package?: string;
  /** Cheap check whether it can run here; the reason is shown when it cannot. */
  probe?: () => Promise<Availability>;
}

export interface BackendInfo {
  name: string;
  package: string;
  available: boolean;
  reason?: string;
  priority: number;
  capabilities: BackendCapabilities | null;
}

export type BackendFactory = () => Backend | Promise<Backend>;

interface Entry extends BackendRegistration {
  name: string;
  factory: BackendFactory;
  instance?: Promise<Backend>;
}

const entries = new Map<string, Entry>();
const loadErrors = new Map<string, string>();
let chosen: string | undefined;

export function registerBackend(
  name: string,
  factory: BackendFactory,
  registration: BackendRegistration,
): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new InvalidArgumentError(`Backend name "${name}" must be lower-case letters, digits and dashes.`);
  }
  entries.set(name, { ...registration, name, factory });
}

/** Removes a registration (tests, hot reload). */
export function unregisterBackend(name: string): void {
  entries.delete(name);
}

/** Chooses the backend that `getBackend()` returns from now on (overrides A3_BACKEND). */
export function setBackend(name: string | undefined): void {
  chosen = name;
}

type Discovery = () => Promise<readonly BackendDescription[]>;
let discover: Discovery = () => discoverBackends(process.cwd(), import.meta.url);
let described: Promise<Map<string, BackendDescription>> | undefined;

/**
 * The backends installed packages describe (package.json "a3".backends), found once per process
 * without importing them: what the registry knows before anything registers. Core names no
 * backend package itself, so a third-party backend is known, ranked and installed like a3's own.
 */
function descriptions(): Promise<Map<string, BackendDescription>> {
  described ??= discover().then(
    (list) => new Map(list.map((d) => [d.name, d])),
    () => new Map(),
  );
  return described;
}

/**
 * Replaces how backend descriptions are found and returns the previous finder. For the registry's
 * own tests (not exported from the package), like setPackageImporter.
 */
export function setBackendDiscovery(finder: Discovery): Discovery {
  const previous = discover;
  discover = finder;
  described = undefined;
  return previous;
}

/** Names of the described and the registered backends, described first. */
async function knownNames(): Promise<string[]> {
  return [...new Set([...(await descriptions()).keys(), ...entries.keys()])];
}

async function packageOf(name: string): Promise<string | undefined> {
  return entries.get(name)?.package ?? (await descriptions()).get(name)?.package;
}

function isModuleNotFound(err: unknown, pkg: string): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  const msg = e?.message ?? '';
  return (
    (e?.code === 'ERR_MODULE_NOT_FOUND' ||
      e?.code === 'MODULE_NOT_FOUND' ||
      /Cannot find (package|module)/.test(msg)) &&
    msg.includes(pkg)
  );
}

type PackageImporter = (pkg: string) => Promise<unknown>;
let importPackage: PackageImporter = (pkg) => import(/* @vite-ignore */ pkg);

/**
 * Replaces how known backend packages are imported and returns the previous importer. For the
 * registry's own tests (not exported from the package): they count which packages get imported.
 */
export function setPackageImporter(importer: PackageImporter): PackageImporter {
  const previous = importPackage;
  importPackage = importer;
  return previous;
}

/** Imports a described backend's package so it registers itself; remembers why it failed. */
async function load(pkg: string): Promise<void> {
  if (loadErrors.has(pkg)) return;
  try {
    await importPackage(pkg);
    loadErrors.set(pkg, '');
  } catch (err) {
    loadErrors.set(
      pkg,
      isModuleNotFound(err, pkg)
        ? `not installed (npm install ${pkg})`
        : `failed to load: ${(err as Error).message}`,
    );
  }
}

async function loadAllKnown(): Promise<void> {
  for (const pkg of new Set([...(await descriptions()).values()].map((d) => d.package))) await load(pkg);
}

async function availability(entry: Entry): Promise<Availability> {
  if (!entry.probe) return { available: true };
  try {
    return await entry.probe();
  } catch (err) {
    return { available: false, reason: (err as Error).message };
  }
}

/** Highest priority first; equal priorities by name, the order of `listBackends()` and of default selection. */
function byPriority(x: { name: string; priority: number }, y: { name: string; priority: number }): number {
  return y.priority - x.priority || x.name.localeCompare(y.name);
}

/** Every described or registered backend, available or not, with the reason when not. */
export async function listBackends(): Promise<BackendInfo[]> {
  await loadAllKnown();
  const out: BackendInfo[] = [];
  for (const name of await knownNames()) {
    const entry = entries.get(name);
    const pkg = (await packageOf(name)) ?? 'unknown';
    if (!entry) {
      const why = loadErrors.get(pkg);
      out.push({
        name,
        package: pkg,
        available: false,
        reason: why || `${pkg} does not register "${name}"`,
        priority: 0,
        capabilities: null,
      });
      continue;
    }
    const a = await availability(entry);
    out.push({
      name,
      package: pkg,
      available: a.available,
      ...(a.available ? {} : { reason: a.reason }),
      priority: entry.priority,
      capabilities: entry.capabilities,
    });
  }
  return out.sort(byPriority);
}

/**
 * The backend used when none is chosen: the available one with the highest priority. Tries the
 * described and registered backends from the highest priority down and stops at the first that
 * can run here, so lower ones are never imported or probed. A described backend not yet
 * registered is ranked by the priority its package.json gives until its package is imported, then
 * by what it registered. When none can run, every one has been tried and the error gives each
 * one's reason.
 */
async function pickDefault(): Promise<Entry> {
  const reasons = new Map<string, string>();
  const known = await descriptions();
  for (;;) {
    const next = (await knownNames())
      .filter((name) => !reasons.has(name))
      .map((name) => ({
        name,
        priority: entries.get(name)?.priority ?? known.get(name)?.priority ?? 0,
      }))
      .sort(byPriority)[0];
    if (!next) break;
    const entry = entries.get(next.name);
    if (entry) {
      const a = await availability(entry);
      if (a.available) return entry;
      reasons.set(next.name, a.reason);
      continue;
    }
    const pkg = (await packageOf(next.name)) ?? 'unknown';
    if (!loadErrors.has(pkg)) {
      // Import it, then rank again: it may register other priorities, or several backends.
      await load(pkg);
      continue;
    }
    reasons.set(next.name, loadErrors.get(pkg) || `${pkg} does not register "${next.name}"`);
  }
  throw new BackendUnavailableError('default', `no backend is available (${whyNone(reasons)})`);
}

/** Each backend's reason, then what to do: install a described package, or any backend package. */
function whyNone(reasons: ReadonlyMap<string, string>): string {
  const why = [...reasons].map(([name, reason]) => `${name}: ${reason}`).join('; ');
  if (reasons.size > 0) return `${why}; install or fix one of them, or register one with registerBackend()`;
  return (
    'no installed package describes a backend (package.json "a3".backends) and none is registered; ' +
    'install a backend package (the a3 README lists them) or register one with registerBackend()'
  );
}

/** The backend chosen by name: explicit > setBackend > A3_BACKEND; undefined when none is. */
function chosenName(name?: string): string | undefined {
  return name ?? chosen ?? (process.env.A3_BACKEND || undefined);
}

/**
 * The name getBackend() would use: explicit > setBackend > A3_BACKEND > the available backend
 * with the highest priority (lower-priority ones are not imported or probed).
 */
export async function resolveBackendName(name?: string): Promise<string> {
  return chosenName(name) ?? (await pickDefault()).name;
}

/** The entry of a backend chosen by name, importing its described package if needed; checks it can run. */
async function namedEntry(resolved: string): Promise<Entry> {
  let entry = entries.get(resolved);
  if (!entry) {
    const pkg = (await descriptions()).get(resolved)?.package;
    if (!pkg) {
      await loadAllKnown();
      throw new UnknownBackendError(resolved, await knownNames());
    }
    await load(pkg);
    entry = entries.get(resolved);
    if (!entry) {
      const why = loadErrors.get(pkg) ?? '';
      if (why.startsWith('not installed')) throw new BackendNotInstalledError(resolved, pkg);
      throw new BackendUnavailableError(resolved, why || `${pkg} did not register it`);
    }
  }
  const a = await availability(entry);
  if (!a.available) throw new BackendUnavailableError(resolved, a.reason);
  return entry;
}

/** The backend instance (created once per process). */
export async function getBackend(name?: string): Promise<Backend> {
  const wanted = chosenName(name);
  const e = wanted ? await namedEntry(wanted) : await pickDefault();
  e.instance ??= Promise.resolve(e.factory()).catch((err: unknown) => {
    e.instance = undefined;
    throw new BackendUnavailableError(e.name, (err as Error).message, err);
  });
  return e.instance;
}
