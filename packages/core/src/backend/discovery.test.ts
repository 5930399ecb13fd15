import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from './backend';
import { discoverBackends } from './discovery';
import { backendDescriptions, ownBackendDescription } from './manifest';

const CAPS = { training: true, conv: true, gpu: false, fusedSteps: false, onnxExport: false };

let root: string;

function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), JSON.stringify(value));
}

/** An installed package under app/node_modules describing `backends` in its package.json. */
function installed(name: string, backends: unknown[]): void {
  writeJson(`app/node_modules/${name}/package.json`, { name, a3: { backends } });
}

/**
 * A project as npm lays it out: an app that declares a third-party backend and expects one more
 * (not installed), a3's scope with a backend and a malformed manifest, and an undeclared package
 * that describes a backend (not looked at: only @a3/* and the app's declared packages are).
 */
function project(): void {
  writeJson('app/package.json', {
    name: 'my-app',
    dependencies: { 'acme-a3-webgpu': '1.0.0', lodash: '4' },
    a3: { backends: [{ name: 'tpu', priority: 600, package: '@acme/a3-tpu' }] },
  });
  installed('acme-a3-webgpu', [{ name: 'webgpu', priority: 450 }]);
  writeJson('app/node_modules/lodash/package.json', { name: 'lodash' });
  installed('@a3/backend-x', [
    { name: 'x-fast', priority: 250 },
    { name: 'x-slow', priority: 50 },
  ]);
  installed('@a3/broken', [{ name: 'Bad Name', priority: 1 }]);
  writeJson('app/node_modules/@a3/core/package.json', { name: '@a3/core' });
  installed('stray', [{ name: 'stray', priority: 999 }]);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'a3-discovery-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('discoverBackends', () => {
  it("reads @a3/* packages, the app's package.json and the packages it declares, importing none", async () => {
    project();
    const found = await discoverBackends(join(root, 'app', 'src'), undefined);
    expect(found.map((d) => [d.name, d.priority, d.package, d.own]).sort()).toEqual(
      [
        ['tpu', 600, '@acme/a3-tpu', false],
        ['webgpu', 450, 'acme-a3-webgpu', true],
        ['x-fast', 250, '@a3/backend-x', true],
        ['x-slow', 50, '@a3/backend-x', true],
      ].sort(),
    );
  });

  it("prefers a package's description of itself to another package's mention", async () => {
    project();
    installed('@a3/backend-x', [{ name: 'webgpu', priority: 1, package: 'acme-a3-webgpu' }]);
    const found = await discoverBackends(join(root, 'app'), undefined);
    expect(found.find((d) => d.name === 'webgpu')).toEqual({
      name: 'webgpu',
      priority: 450,
      package: 'acme-a3-webgpu',
      own: true,
    });
  });

  it('also looks above the module (a global install: the app folder has no node_modules)', async () => {
    project();
    mkdirSync(join(root, 'elsewhere'));
    const moduleUrl = pathToFileURL(join(root, 'app/node_modules/@a3/core/dist/index.js')).href;
    const found = await discoverBackends(join(root, 'elsewhere'), moduleUrl);
    expect(found.map((d) => d.name).sort()).toEqual(['x-fast', 'x-slow']);
  });

  it("finds a3's own backends in this workspace, with the priorities their packages register", async () => {
    const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
    const found = await discoverBackends(repo, import.meta.url);
    const own = found.filter((d) => d.package.startsWith('@a3/backend-'));
    expect(own.map((d) => [d.name, d.priority, d.package]).sort()).toEqual(
      [
        ['onnx', 400, '@a3/backend-onnx'],
        ['tfjs-cpu', 100, '@a3/backend-tfjs'],
        ['tfjs-node', 300, '@a3/backend-tfjs-node'],
        ['tfjs-node-gpu', 500, '@a3/backend-tfjs-node-gpu'],
        ['tfjs-wasm', 200, '@a3/backend-tfjs'],
      ].sort(),
    );
  });
});

describe('package.json "a3".backends', () => {
  it('names the package and the entry when malformed, and says what to write', () => {
    const pkg = (backends: unknown) => ({ name: 'acme', a3: { backends } });
    expect(() => backendDescriptions(pkg({}))).toThrow(/acme: "a3".backends must be an array/);
    expect(() => backendDescriptions(pkg([{ name: 'ok', priority: 'high' }]))).toThrow(
      /\[0\] needs a finite number "priority".*"name": "my-backend"/,
    );
    expect(() => backendDescriptions(pkg([{ name: 'ok', priority: 1 }, 'x']))).toThrow(
      /\[1\] is not an object/,
    );
    expect(backendDescriptions({ name: 'acme' })).toEqual([]);
  });

  it("gives a backend package its own entry's priority and name, and refuses one it does not describe", () => {
    const manifest = { name: 'acme', a3: { backends: [{ name: 'fast', priority: 7 }] } };
    expect(ownBackendDescription(manifest, 'fast')).toEqual({ priority: 7, package: 'acme' });
    expect(() => ownBackendDescription(manifest, 'slow')).toThrow(
      /acme registers backend "slow" but its package.json does not describe it/,
    );
  });
});

describe('a third-party backend is selected and named like a3 own', () => {
  it('ranks it by its manifest before import, imports only down to it, and names a missing package', async () => {
    project();
    vi.resetModules();
    const reg = await import('./registry');
    const app = join(root, 'app');
    reg.setBackendDiscovery(() => discoverBackends(app, undefined));
    const imported: string[] = [];
    reg.setPackageImporter((pkg) => {
      imported.push(pkg);
      if (pkg !== 'acme-a3-webgpu') {
        const err = new Error(`Cannot find package '${pkg}' imported from registry.ts`);
        return Promise.reject(Object.assign(err, { code: 'ERR_MODULE_NOT_FOUND' }));
      }
      reg.registerBackend('webgpu', () => ({ name: 'webgpu' }) as unknown as Backend, {
        priority: 450,
        capabilities: CAPS,
        package: pkg,
      });
      return Promise.resolve({});
    });
    vi.stubEnv('A3_BACKEND', '');
    try {
      expect((await reg.getBackend()).name).toBe('webgpu');
      // tpu (600) ranks first: its package is declared by the app but not installed.
      expect(imported).toEqual(['@acme/a3-tpu', 'acme-a3-webgpu']);
      await expect(reg.getBackend('tpu')).rejects.toMatchObject({
        code: 'A3_BACKEND_NOT_INSTALLED',
        message: expect.stringContaining('npm install @acme/a3-tpu'),
      });
      await expect(reg.getBackend('nope')).rejects.toMatchObject({
        code: 'A3_BACKEND_UNKNOWN',
        message: expect.stringMatching(/Known backends: x-fast, x-slow, webgpu, tpu \(/),
      });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
