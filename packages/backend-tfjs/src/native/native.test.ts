import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nativeTfjs } from './native';

const root = mkdtempSync(join(tmpdir(), 'a3-native-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A package folder, with or without a (fake) built addon. */
function fakePackage(name: string, withAddon: boolean): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'lib', 'napi-v8'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{}');
  if (withAddon) writeFileSync(join(dir, 'lib', 'napi-v8', 'tfjs_binding.node'), '');
  return dir;
}

/** A stand-in for createRequire(): resolves into `dir`, and loading fails like a broken addon. */
function fakeRequire(dir: string, loadError: string): NodeJS.Require {
  const req = (() => {
    throw new Error(`${loadError}\n    at load (${dir})`);
  }) as unknown as NodeJS.Require;
  return Object.assign(req, {
    resolve: (id: string) => join(dir, id.endsWith('/package.json') ? 'package.json' : 'index.js'),
    cache: {},
  });
}

const hint = '(run npm run setup:tfjs-node)';

describe('nativeTfjs', () => {
  it('reports a missing addon without requiring the package', async () => {
    const dir = fakePackage('no-addon', false);
    const native = nativeTfjs({
      name: 'tfjs-fake',
      packageName: '@fake/tfjs-node',
      require: fakeRequire(dir, 'must not be required'),
      setupHint: hint,
    });
    expect(await native.probe()).toEqual({
      available: false,
      reason: `@fake/tfjs-node has no native addon (no lib/napi-v*/tfjs_binding.node in ${dir}) ${hint}`,
    });
  });

  it('reports an addon that does not load, first line only, and create() rejects with it', async () => {
    const native = nativeTfjs({
      name: 'tfjs-fake',
      packageName: '@fake/tfjs-node',
      require: fakeRequire(fakePackage('broken', true), 'libtensorflow.so.2: cannot open shared object file'),
      setupHint: hint,
    });
    const probe = await native.probe();
    const reason = probe.available ? '' : probe.reason;
    expect(reason).toBe(
      `@fake/tfjs-node does not load: libtensorflow.so.2: cannot open shared object file ${hint}`,
    );
    await expect(native.create()).rejects.toThrow(reason);
  });

  it('reports a package that is not installed', async () => {
    const req = fakeRequire(root, 'unused');
    req.resolve = (() => {
      throw new Error('Cannot find module');
    }) as unknown as NodeJS.RequireResolve;
    const native = nativeTfjs({
      name: 'tfjs-fake',
      packageName: '@fake/absent',
      require: req,
      setupHint: hint,
    });
    expect(await native.probe()).toEqual({
      available: false,
      reason: '@fake/absent is not installed (npm install @fake/absent@4.22.0)',
    });
  });
});
