import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferOutput, main } from '../index';
import { FAST, run, scoreColumn, sensorsTrainArgv, tempDir, writeSensorsCsv } from '../testing/fixtures';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const tmp = tempDir('plugins');
/** A user's project folder: the cwd of every command here, with its own node_modules. */
const project = join(tmp.dir, 'project');
const startCwd = process.cwd();
let csv: string;

type Flags = Record<string, number | undefined>;
const loads = (): Flags => ((globalThis as { __a3PluginLoads?: Flags }).__a3PluginLoads ??= {});

/** A local plugin file that counts its imports in a global, and optionally registers a target. */
function writePlugin(name: string, target?: string): string {
  const register = target
    ? `import { createTarget, registerTarget } from '@a3/model';\n` +
      `registerTarget('${target}', (ctx) => createTarget('dense-ae', ctx), { override: true });\n`
    : '';
  const file = join(project, name);
  writeFileSync(
    file,
    `${register}const l = (globalThis.__a3PluginLoads ??= {});\nl['${name}'] = (l['${name}'] ?? 0) + 1;\n`,
  );
  return file;
}

async function fails(argv: string[]): Promise<string> {
  const io = bufferOutput();
  expect(await main(argv, io)).toBe(1);
  return io.stderr.at(-1) ?? '';
}

function storedPlugins(model: string): unknown {
  return (JSON.parse(readFileSync(join(model, 'a3.json'), 'utf8')) as { protocol: { plugins?: unknown } })
    .protocol.plugins;
}

beforeAll(() => {
  mkdirSync(join(project, 'node_modules', '@a3'), { recursive: true });
  // As `npm install @a3/target-example @a3/model` would link them in a user's project.
  for (const pkg of ['target-example', 'model']) {
    symlinkSync(join(repoRoot, 'packages', pkg), join(project, 'node_modules', '@a3', pkg));
  }
  csv = writeSensorsCsv(join(project, 'sensors.csv'));
  process.chdir(project);
});
afterAll(() => {
  process.chdir(startCwd);
  tmp.cleanup();
});

describe('plugins from the command line', () => {
  it('an unregistered --target says how to load its plugin', async () => {
    const msg = await fails([...sensorsTrainArgv(csv), '--target', 'target-example', '--out', 'm0', ...FAST]);
    expect(msg).toMatch(/--target "target-example" is not registered\. Known: .*dense-ae.*--plugin PKG/);
  });

  it('--plugin @a3/target-example trains with the generated target and records the plugin', async () => {
    const model = join(project, 'example-model');
    await run([
      ...sensorsTrainArgv(csv),
      '--plugin',
      '@a3/target-example',
      '--target',
      'target-example',
      '--out',
      model,
      ...FAST,
    ]);
    expect(storedPlugins(model)).toEqual(['@a3/target-example']);
    const manifest = JSON.parse(readFileSync(join(model, 'a3.json'), 'utf8')) as {
      config: { target: string };
    };
    expect(manifest.config.target).toBe('target-example');
    // The recorded plugin is loaded by evaluate, score and export without --plugin.
    expect((await run(['evaluate', model, '--json'])).stdout).toHaveLength(1);
    expect(scoreColumn((await run(['score', model, csv])).stdout)).toHaveLength(600);
    await run(['export', model, '--onnx', join(project, 'example.onnx')]);
  });

  it('evaluate imports the plugins a model recorded, resolved from the cwd', async () => {
    writePlugin('train-plugin.mjs', 'target-local');
    const model = join(project, 'local-model');
    await run([
      ...sensorsTrainArgv(csv),
      '--plugin',
      './train-plugin.mjs',
      '--target',
      'target-local',
      '--out',
      model,
      ...FAST,
    ]);
    expect(storedPlugins(model)).toEqual([join(project, 'train-plugin.mjs')]);
    // Point the record at a plugin this process has not imported yet: evaluate must import it.
    const fresh = writePlugin('fresh-plugin.mjs');
    const manifest = JSON.parse(readFileSync(join(model, 'a3.json'), 'utf8')) as {
      protocol: { plugins: string[] };
    };
    manifest.protocol.plugins = [join(project, 'train-plugin.mjs'), fresh];
    writeFileSync(join(model, 'a3.json'), JSON.stringify(manifest));
    expect(loads()['fresh-plugin.mjs']).toBeUndefined();
    await run(['evaluate', model, '--json']);
    expect(loads()['fresh-plugin.mjs']).toBe(1);
  });

  it('a recorded plugin that cannot be imported is named, with how to install it', async () => {
    const model = join(project, 'local-model');
    const manifest = JSON.parse(readFileSync(join(model, 'a3.json'), 'utf8')) as {
      protocol: { plugins: string[] };
    };
    manifest.protocol.plugins = ['@acme/a3-target-lstm'];
    writeFileSync(join(model, 'a3.json'), JSON.stringify(manifest));
    for (const argv of [
      ['evaluate', model],
      ['score', model, csv],
      ['export', model, '--onnx', 'x.onnx'],
      ['serve', model, '--port', '0'],
    ]) {
      expect(await fails(argv)).toMatch(
        /the model at .*local-model needs the plugin @acme\/a3-target-lstm, which is not installed in .*project or a folder above; install it with `npm install @acme\/a3-target-lstm`.*\[A3_IO\]$/,
      );
    }
  });

  it('--plugin takes several: repeated or comma-separated', async () => {
    const [a, b, c] = ['rep-a.mjs', 'rep-b.mjs', 'rep-c.mjs'].map((n) => writePlugin(n));
    expect(a && b && c).toBeTruthy();
    await run([
      'evaluate',
      join(project, 'example-model'),
      '--plugin',
      './rep-a.mjs',
      '--plugin',
      './rep-b.mjs,./rep-c.mjs',
    ]);
    for (const n of ['rep-a.mjs', 'rep-b.mjs', 'rep-c.mjs']) expect(loads()[n]).toBe(1);
    expect(await fails(['evaluate', join(project, 'example-model'), '--plugin', './nowhere.mjs'])).toMatch(
      /--plugin \.\/nowhere\.mjs: no file .*nowhere\.mjs/,
    );
  });

  it('a3.config.json and package.json "a3.plugins" list plugins for every command that takes --plugin', async () => {
    writePlugin('cfg-plugin.mjs');
    writePlugin('pkg-plugin.mjs');
    writeFileSync(join(project, 'a3.config.json'), JSON.stringify({ plugins: ['./cfg-plugin.mjs'] }));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'p', a3: { plugins: ['./pkg-plugin.mjs'] } }),
    );
    await run(['score', join(project, 'example-model'), csv]);
    expect(loads()['cfg-plugin.mjs']).toBe(1);
    expect(loads()['pkg-plugin.mjs']).toBe(1);
    writeFileSync(join(project, 'a3.config.json'), JSON.stringify({ plugins: 'cfg-plugin.mjs' }));
    expect(await fails(['score', join(project, 'example-model'), csv])).toMatch(
      /a3\.config\.json: "plugins" must be a list of package names or paths/,
    );
    writeFileSync(join(project, 'a3.config.json'), '{');
    expect(await fails(['score', join(project, 'example-model'), csv])).toMatch(
      /a3\.config\.json is not valid JSON/,
    );
  });
});
