import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { findCycles, workspaceCycles } from './check-cycles.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the workspace dependency graph', () => {
  it('has no cycle between packages or between modules', () => {
    expect(workspaceCycles(ROOT)).toEqual([]);
  });
});

describe('findCycles', () => {
  it('finds each cycle once, as a closed path, and nothing in a DAG', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c', 'd']],
      ['c', ['a']],
      ['d', []],
      ['e', ['e']],
      ['f', ['d']],
    ]);
    expect(findCycles(graph)).toEqual([
      ['a', 'b', 'c', 'a'],
      ['e', 'e'],
    ]);
    expect(
      findCycles(
        new Map([
          ['x', ['y']],
          ['y', []],
        ]),
      ),
    ).toEqual([]);
  });
});

describe('workspaceCycles on a small workspace', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function write(path: string, text: string): void {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }

  it('names the modules of a value-import cycle and of a package cycle, not type-only imports', () => {
    root = mkdtempSync(join(tmpdir(), 'a3-cycles-'));
    write('packages/p/package.json', JSON.stringify({ name: '@x/p', dependencies: { '@x/q': '1' } }));
    write('packages/q/package.json', JSON.stringify({ name: '@x/q', devDependencies: { '@x/p': '1' } }));
    write('packages/p/src/lower.ts', "import { lowerNode } from './ops';\nexport const a = lowerNode;\n");
    write(
      'packages/p/src/ops.ts',
      "import {\n  bindOutputs,\n} from './lower.js';\nexport const lowerNode = 1;\n// import { no } from './types';\n",
    );
    // A type-only cycle and a dynamic import out of it: only the dynamic one is an edge.
    write('packages/q/src/a.ts', "import type { B } from './b';\nexport type A = B;\n");
    write('packages/q/src/b.ts', "export type { A } from './a';\nexport type B = 1;\nawait import('./c');\n");
    write('packages/q/src/c/index.ts', 'export {};\n');
    expect(workspaceCycles(root)).toEqual([
      'package cycle: @x/p → @x/q → @x/p',
      'import cycle: packages/p/src/lower.ts → packages/p/src/ops.ts → packages/p/src/lower.ts',
    ]);
  });
});
