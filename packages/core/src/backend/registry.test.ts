import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from './backend';
import type { BackendDescription } from './manifest';
import type { Availability } from './registry';

type Registry = typeof import('./registry');

const CAPS = { training: true, conv: true, gpu: false, fusedSteps: false, onnxExport: false };

/**
 * What a3's backend packages describe in their package.json files ("a3".backends): the registry's
 * tests see these instead of the packages installed in this workspace.
 */
const DESCRIBED: BackendDescription[] = [
  { name: 'tfjs-node-gpu', priority: 500, package: '@a3/backend-tfjs-node-gpu', own: true },
  { name: 'onnx', priority: 400, package: '@a3/backend-onnx', own: true },
  { name: 'tfjs-node', priority: 300, package: '@a3/backend-tfjs-node', own: true },
  { name: 'tfjs-wasm', priority: 200, package: '@a3/backend-tfjs', own: true },
  { name: 'tfjs-cpu', priority: 100, package: '@a3/backend-tfjs', own: true },
];

/** A fresh registry per test: its state (registrations, import results, setBackend) is module-level. */
async function freshRegistry(described: readonly BackendDescription[] = DESCRIBED): Promise<Registry> {
  vi.resetModules();
  const reg = await import('./registry');
  reg.setBackendDiscovery(() => Promise.resolve(described));
  return reg;
}

function notFound(pkg: string): Error {
  return Object.assign(new Error(`Cannot find package '${pkg}' imported from registry.ts`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
}

/** What each fake backend and fake package saw: probes, factory calls, imports, in order. */
interface Calls {
  log: string[];
}

/** Registers a fake backend whose probe and factory log their calls. */
function fake(
  reg: Registry,
  calls: Calls,
  name: string,
  priority: number,
  availability: Availability = { available: true },
): void {
  reg.registerBackend(
    name,
    () => {
      calls.log.push(`create ${name}`);
      return { name } as unknown as Backend;
    },
    {
      priority,
      capabilities: CAPS,
      package: `fake-${name}`,
      probe: () => {
        calls.log.push(`probe ${name}`);
        return Promise.resolve(availability);
      },
    },
  );
}

/**
 * Stands in for the real backend packages: importing one logs it and runs its `setup` (which
 * registers fakes, like the real packages do on import); a package with no setup is not installed.
 */
function fakePackages(reg: Registry, calls: Calls, setups: Record<string, (() => void) | undefined>): void {
  reg.setPackageImporter((pkg) => {
    calls.log.push(`import ${pkg}`);
    const setup = setups[pkg];
    if (!setup) return Promise.reject(notFound(pkg));
    setup();
    return Promise.resolve({});
  });
}

const imports = (calls: Calls) => calls.log.filter((l) => l.startsWith('import '));
const probes = (calls: Calls) => calls.log.filter((l) => l.startsWith('probe '));

describe('default backend selection', () => {
  let reg: Registry;
  let calls: Calls;

  beforeEach(async () => {
    vi.stubEnv('A3_BACKEND', '');
    reg = await freshRegistry();
    calls = { log: [] };
    // Every known package "installed" and registering what the real ones do, at their priorities.
    fakePackages(reg, calls, {
      '@a3/backend-tfjs-node-gpu': () =>
        fake(reg, calls, 'tfjs-node-gpu', 500, { available: false, reason: 'no GPU' }),
      '@a3/backend-onnx': () => fake(reg, calls, 'onnx', 400),
      '@a3/backend-tfjs-node': () => fake(reg, calls, 'tfjs-node', 300),
      '@a3/backend-tfjs': () => {
        fake(reg, calls, 'tfjs-wasm', 200);
        fake(reg, calls, 'tfjs-cpu', 100);
      },
    });
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('stops at the first available backend: lower ones are neither imported nor probed', async () => {
    const b = await reg.getBackend();
    expect(b.name).toBe('onnx');
    expect(calls.log).toEqual([
      'import @a3/backend-tfjs-node-gpu',
      'probe tfjs-node-gpu',
      'import @a3/backend-onnx',
      'probe onnx',
      'create onnx',
    ]);
    expect(await reg.resolveBackendName()).toBe('onnx');
    expect(imports(calls)).toHaveLength(2);
  });

  it('registered backends above every known one win without importing any package', async () => {
    fake(reg, calls, 'plugin-top', 900);
    fake(reg, calls, 'plugin-next', 800);
    expect((await reg.getBackend()).name).toBe('plugin-top');
    expect(calls.log).toEqual(['probe plugin-top', 'create plugin-top']);
  });

  it('falls back past unavailable backends, in priority order, to the first that runs', async () => {
    fake(reg, calls, 'plugin-top', 900, { available: false, reason: 'needs a TPU' });
    fake(reg, calls, 'plugin-next', 800);
    fake(reg, calls, 'plugin-low', 700);
    expect((await reg.getBackend()).name).toBe('plugin-next');
    expect(calls.log).toEqual(['probe plugin-top', 'probe plugin-next', 'create plugin-next']);
  });

  it('falls back through the known packages when the top ones cannot run or are not installed', async () => {
    fakePackages(reg, calls, {
      '@a3/backend-tfjs-node-gpu': () =>
        fake(reg, calls, 'tfjs-node-gpu', 500, { available: false, reason: 'no GPU' }),
      '@a3/backend-onnx': undefined, // not installed
      '@a3/backend-tfjs-node': () =>
        fake(reg, calls, 'tfjs-node', 300, { available: false, reason: 'no libtensorflow' }),
      '@a3/backend-tfjs': () => {
        fake(reg, calls, 'tfjs-wasm', 200);
        fake(reg, calls, 'tfjs-cpu', 100);
      },
    });
    expect((await reg.getBackend()).name).toBe('tfjs-wasm');
    expect(calls.log).toEqual([
      'import @a3/backend-tfjs-node-gpu',
      'probe tfjs-node-gpu',
      'import @a3/backend-onnx',
      'import @a3/backend-tfjs-node',
      'probe tfjs-node',
      'import @a3/backend-tfjs',
      'probe tfjs-wasm',
      'create tfjs-wasm',
    ]);
  });

  it('ranks a registered plugin among the known backends by priority before importing them', async () => {
    fake(reg, calls, 'plugin', 350);
    expect((await reg.getBackend()).name).toBe('onnx');
    expect(probes(calls)).not.toContain('probe plugin');

    const reg2 = await freshRegistry();
    const calls2: Calls = { log: [] };
    fakePackages(reg2, calls2, {
      '@a3/backend-tfjs-node-gpu': undefined,
      '@a3/backend-onnx': undefined,
      '@a3/backend-tfjs-node': () => fake(reg2, calls2, 'tfjs-node', 300),
    });
    fake(reg2, calls2, 'plugin', 350);
    expect((await reg2.getBackend()).name).toBe('plugin');
    expect(imports(calls2)).toEqual(['import @a3/backend-tfjs-node-gpu', 'import @a3/backend-onnx']);
  });

  it('breaks priority ties by name, like listBackends', async () => {
    fake(reg, calls, 'aaa', 400);
    expect((await reg.getBackend()).name).toBe('aaa');
    expect(imports(calls)).toEqual(['import @a3/backend-tfjs-node-gpu']);

    const reg2 = await freshRegistry();
    const calls2: Calls = { log: [] };
    fakePackages(reg2, calls2, { '@a3/backend-onnx': () => fake(reg2, calls2, 'onnx', 400) });
    fake(reg2, calls2, 'zzz', 400);
    expect((await reg2.getBackend()).name).toBe('onnx');
    expect(probes(calls2)).not.toContain('probe zzz');
    // The same choice as the first available one listed (listBackends probes everything).
    expect((await reg2.listBackends()).find((b) => b.available)?.name).toBe('onnx');
  });

  it('re-ranks a known backend by the priority its package actually registers', async () => {
    fakePackages(reg, calls, {
      '@a3/backend-onnx': () => fake(reg, calls, 'onnx', 250), // lower than expected (400)
      '@a3/backend-tfjs-node': () => fake(reg, calls, 'tfjs-node', 300),
    });
    expect((await reg.getBackend()).name).toBe('tfjs-node');
    expect(probes(calls)).toEqual(['probe tfjs-node']);
  });

  it('loads only the named backend when one is chosen (argument, setBackend, A3_BACKEND)', async () => {
    expect((await reg.getBackend('tfjs-node')).name).toBe('tfjs-node');
    expect(calls.log).toEqual(['import @a3/backend-tfjs-node', 'probe tfjs-node', 'create tfjs-node']);

    calls.log.length = 0;
    reg.setBackend('tfjs-cpu');
    expect((await reg.getBackend()).name).toBe('tfjs-cpu');
    expect(imports(calls)).toEqual(['import @a3/backend-tfjs']);
    reg.setBackend(undefined);

    calls.log.length = 0;
    vi.stubEnv('A3_BACKEND', 'onnx');
    expect(await reg.resolveBackendName()).toBe('onnx');
    expect(calls.log).toEqual([]);
    expect((await reg.getBackend()).name).toBe('onnx');
    expect(imports(calls)).toEqual(['import @a3/backend-onnx']);
  });

  it('creates the default backend once per process', async () => {
    const a = await reg.getBackend();
    const b = await reg.getBackend();
    expect(a).toBe(b);
    expect(calls.log.filter((l) => l.startsWith('create '))).toEqual(['create onnx']);
  });

  it('when nothing can run, tries every backend and gives each one’s reason', async () => {
    fakePackages(reg, calls, {
      '@a3/backend-tfjs-node-gpu': () =>
        fake(reg, calls, 'tfjs-node-gpu', 500, { available: false, reason: 'no GPU' }),
      '@a3/backend-tfjs-node': () => {}, // installed, registers nothing
    });
    fake(reg, calls, 'plugin', 350, { available: false, reason: 'needs a TPU' });
    const err = await reg.getBackend().then(
      () => undefined,
      (e: unknown) => e as Error & { code: string },
    );
    expect(err?.code).toBe('A3_BACKEND_UNAVAILABLE');
    expect(err?.message).toContain('tfjs-node-gpu: no GPU');
    expect(err?.message).toContain('onnx: not installed (npm install @a3/backend-onnx)');
    expect(err?.message).toContain('plugin: needs a TPU');
    expect(err?.message).toContain('tfjs-node: @a3/backend-tfjs-node does not register "tfjs-node"');
    expect(err?.message).toContain('tfjs-wasm: not installed (npm install @a3/backend-tfjs)');
    expect(err?.message).toContain('tfjs-cpu: not installed (npm install @a3/backend-tfjs)');
    expect(imports(calls)).toEqual([
      'import @a3/backend-tfjs-node-gpu',
      'import @a3/backend-onnx',
      'import @a3/backend-tfjs-node',
      'import @a3/backend-tfjs',
    ]);
    await expect(reg.resolveBackendName()).rejects.toThrow(/no backend is available/);
  });
});

describe('listBackends', () => {
  it('still imports and probes every backend, reporting each with its availability or reason', async () => {
    vi.stubEnv('A3_BACKEND', '');
    const reg = await freshRegistry();
    const calls: Calls = { log: [] };
    fakePackages(reg, calls, {
      '@a3/backend-onnx': () => fake(reg, calls, 'onnx', 400),
      '@a3/backend-tfjs-node': () =>
        fake(reg, calls, 'tfjs-node', 300, { available: false, reason: 'no libtensorflow' }),
      '@a3/backend-tfjs': () => {
        fake(reg, calls, 'tfjs-wasm', 200);
        fake(reg, calls, 'tfjs-cpu', 100);
      },
    });
    fake(reg, calls, 'plugin', 50);
    const list = await reg.listBackends();
    expect(list.map((b) => [b.name, b.available, b.reason])).toEqual([
      ['onnx', true, undefined],
      ['tfjs-node', false, 'no libtensorflow'],
      ['tfjs-wasm', true, undefined],
      ['tfjs-cpu', true, undefined],
      ['plugin', true, undefined],
      ['tfjs-node-gpu', false, 'not installed (npm install @a3/backend-tfjs-node-gpu)'],
    ]);
    expect(probes(calls).sort()).toEqual(
      ['probe onnx', 'probe plugin', 'probe tfjs-cpu', 'probe tfjs-node', 'probe tfjs-wasm'].sort(),
    );
    vi.unstubAllEnvs();
  });
});
