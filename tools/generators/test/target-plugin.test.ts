import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const here = resolve(__dirname, '../target-plugin');
const workspace = resolve(__dirname, '../../..');

interface File {
  path: string;
  content: string;
}
const render = require(join(here, 'render.cjs')) as {
  renderPlugin(o: { name: string; directory?: string; scope?: string; a3Version?: string }): File[];
  formatWithPrettier(files: File[], root: string): Promise<File[]>;
};
const generator = require(join(here, 'generator.cjs')) as (
  tree: FakeTree,
  schema: { name: string },
) => Promise<() => void>;

/** The part of Nx's Tree the generator uses. */
class FakeTree {
  readonly files = new Map<string, string>();
  constructor(readonly root: string) {}
  read(path: string): string | null {
    return (
      this.files.get(path) ??
      (existsSync(join(this.root, path)) ? readFileSync(join(this.root, path), 'utf8') : null)
    );
  }
  exists(path: string): boolean {
    return (
      [...this.files.keys()].some((p) => p === path || p.startsWith(`${path}/`)) ||
      existsSync(join(this.root, path))
    );
  }
  write(path: string, content: string): void {
    this.files.set(path, content);
  }
}

describe('target-plugin generator', () => {
  it('renders a complete package with every placeholder filled', () => {
    const files = render.renderPlugin({ name: 'my-target', a3Version: '9.9.9' });
    expect(files.map((f) => f.path).sort()).toEqual([
      'packages/my-target/README.md',
      'packages/my-target/package.json',
      'packages/my-target/src/index.ts',
      'packages/my-target/src/my-target.test.ts',
      'packages/my-target/src/target.ts',
      'packages/my-target/tsconfig.json',
      'packages/my-target/tsup.config.ts',
    ]);
    for (const f of files) expect(f.content).not.toMatch(/<%|%>|__name__/);
    const pkg = JSON.parse(files.find((f) => f.path.endsWith('package.json'))!.content);
    expect(pkg.name).toBe('@a3/my-target');
    expect(pkg.dependencies['@a3/model']).toBe('9.9.9');
    expect(files.find((f) => f.path.endsWith('index.ts'))!.content).toContain("TARGET_NAME = 'my-target'");
    expect(files.find((f) => f.path.endsWith('target.ts'))!.content).toContain(
      'export class MyTarget implements TargetNetwork',
    );
  });

  it('rejects bad names, built-in names and bad scopes with a fix', () => {
    expect(() => render.renderPlugin({ name: 'My Target' })).toThrow(/lower-case words joined by dashes/);
    expect(() => render.renderPlugin({ name: 'dense-ae' })).toThrow(/built-in target/);
    expect(() => render.renderPlugin({ name: 'ok', scope: 'a3' })).toThrow(/Invalid npm scope/);
  });

  it('the Nx generator writes the package through the tree and refuses to overwrite', async () => {
    const tree = new FakeTree(workspace);
    const done = await generator(tree, { name: 'gen-check' });
    expect(typeof done).toBe('function');
    expect([...tree.files.keys()]).toContain('packages/gen-check/src/index.ts');
    await expect(generator(tree, { name: 'gen-check' })).rejects.toThrow(/already exists/);
  });

  it('the committed packages/target-example is exactly what the generator produces', async () => {
    const files = await render.formatWithPrettier(render.renderPlugin({ name: 'target-example' }), workspace);
    for (const f of files) expect(readFileSync(join(workspace, f.path), 'utf8')).toBe(f.content);
  });

  it('the plain CLI fallback writes the same files', () => {
    const root = mkdtempSync(join(tmpdir(), 'a3-gen-'));
    try {
      execFileSync(process.execPath, [join(here, 'cli.mjs'), 'cli-check', '--root', root], { stdio: 'pipe' });
      expect(existsSync(join(root, 'packages/cli-check/src/target.ts'))).toBe(true);
      expect(() =>
        execFileSync(process.execPath, [join(here, 'cli.mjs'), 'cli-check', '--root', root], {
          stdio: 'pipe',
        }),
      ).toThrow(/already exists/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
