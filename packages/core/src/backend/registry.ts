import {
  BackendNotInstalledError,
  BackendUnavailableError,
  InvalidArgumentError,
  UnknownBackendError,
} from '../errors/errors';
import type { Backend, BackendCapabilities } from './backend';

/** Backends a3 knows by name and the npm package that provides each. */
export const KNOWN_BACKENDS: Readonly<Record<string, string>> = {
  'tfjs-node-gpu': '@a3/backend-tfjs-node-gpu',
  onnx: '@a3/backend-onnx',
  'tfjs-node': '@a3/backend-tfjs-node',
  'tfjs-wasm': '@a3/backend-tfjs',
  'tfjs-cpu': '@a3/backend-tfjs',
};

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

function packageOf(name: string): string | undefined {
  return entries.get(name)?.package ?? KNOWN_BACKENDS[name];
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

/** Imports a known backend package so it registers itself; remembers why it failed. */
async function load(pkg: string): Promise<void> {
  if (loadErrors.has(pkg)) return;
  try {
    await import(/* @vite-ignore */ pkg);
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
  for (const pkg of new Set(Object.values(KNOWN_BACKENDS))) await load(pkg);
}

async function availability(entry: Entry): Promise<Availability> {
  if (!entry.probe) return { available: true };
  try {
    return await entry.probe();
  } catch (err) {
    return { available: false, reason: (err as Error).message };
  }
}

/** Every known or registered backend, available or not, with the reason when not. */
export async function listBackends(): Promise<BackendInfo[]> {
  await loadAllKnown();
  const names = new Set([...Object.keys(KNOWN_BACKENDS), ...entries.keys()]);
  const out: BackendInfo[] = [];
  for (const name of names) {
    const entry = entries.get(name);
    const pkg = packageOf(name) ?? 'unknown';
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
  return out.sort((x, y) => y.priority - x.priority || x.name.localeCompare(y.name));
}

/** The name getBackend() would use: explicit > setBackend > A3_BACKEND > best available. */
export async function resolveBackendName(name?: string): Promise<string> {
  const wanted = name ?? chosen ?? (process.env.A3_BACKEND || undefined);
  if (wanted) return wanted;
  const best = (await listBackends()).find((b) => b.available);
  if (!best)
    throw new BackendUnavailableError('default', 'no backend is available; npm install @a3/backend-tfjs');
  return best.name;
}

/** The backend instance (created once per process). */
export async function getBackend(name?: string): Promise<Backend> {
  const resolved = await resolveBackendName(name);
  let entry = entries.get(resolved);
  if (!entry) {
    const pkg = KNOWN_BACKENDS[resolved];
    if (!pkg) {
      await loadAllKnown();
      throw new UnknownBackendError(resolved, [
        ...new Set([...Object.keys(KNOWN_BACKENDS), ...entries.keys()]),
      ]);
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
  const e = entry;
  e.instance ??= Promise.resolve(e.factory()).catch((err: unknown) => {
    e.instance = undefined;
    throw new BackendUnavailableError(resolved, (err as Error).message, err);
  });
  return e.instance;
}
