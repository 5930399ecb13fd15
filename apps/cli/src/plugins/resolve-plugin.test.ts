import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/fixtures';
import { resolvePlugin } from './resolve-plugin';

const tmp = tempDir('resolve');
afterAll(() => tmp.cleanup());

/** A package in `<root>/node_modules/<name>` with the given package.json fields and files. */
function pkg(root: string, name: string, fields: object, files: string[]): string {
  const dir = join(root, 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, ...fields }));
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), 'export {};\n');
  }
  return realpathSync(dir);
}

describe('resolvePlugin: from the cwd, as Node resolves an ESM import', () => {
  const project = join(tmp.dir, 'project');
  const deep = join(project, 'src', 'deeper');
  mkdirSync(deep, { recursive: true });

  it('takes the "import" entry of conditional exports, not "require"', () => {
    const dir = pkg(project, '@acme/cond', { exports: { '.': { require: './c.cjs', import: './e.js' } } }, [
      'c.cjs',
      'e.js',
    ]);
    expect(resolvePlugin('@acme/cond', deep)).toEqual({ file: join(dir, 'e.js') });
  });

  it('follows subpath exports, a plain string export, and module/main without exports', () => {
    const sub = pkg(project, 'sub-pkg', { exports: { '.': './i.js', './extra': { default: './x.js' } } }, [
      'i.js',
      'x.js',
    ]);
    expect(resolvePlugin('sub-pkg/extra', project)).toEqual({ file: join(sub, 'x.js') });
    const str = pkg(project, 'str-pkg', { exports: './s.js' }, ['s.js']);
    expect(resolvePlugin('str-pkg', project)).toEqual({ file: join(str, 's.js') });
    const legacy = pkg(project, 'legacy', { main: './m.cjs', module: './m.mjs' }, ['m.cjs', 'm.mjs']);
    expect(resolvePlugin('legacy', project)).toEqual({ file: join(legacy, 'm.mjs') });
  });

  it('says what is missing: the package, its entry, or a local file', () => {
    expect(resolvePlugin('@acme/none', deep)).toEqual({ missing: 'package', where: deep });
    pkg(project, 'unbuilt', { exports: { import: './dist/index.js' } }, []);
    expect(resolvePlugin('unbuilt', project)).toMatchObject({ missing: 'entry' });
    expect(resolvePlugin('./nope.js', project)).toEqual({ missing: 'file', where: join(project, 'nope.js') });
  });
});
