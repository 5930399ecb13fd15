#!/usr/bin/env node
// The workspace's dependency graph must have no cycle, at two levels:
//   - packages: the @a3/* dependencies each workspace package.json declares (every kind: nx builds
//     and vitest resolve devDependencies too), read from the package.json files;
//   - modules: the relative imports and re-exports between the source files of every package, app
//     and tool. `import type` / `export type` are left out, as eslint-plugin-import's no-cycle does:
//     they vanish from the emitted code, so they cannot make one module run before another is ready.
// Usage: node tools/scripts/check-cycles.mjs [root]   (exit 1 and one line per cycle when there is one)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKSPACE_DIRS = ['packages', 'apps', 'tools'];
const SOURCE_FILE = /\.(ts|mts|cts|mjs|js)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage', '.nx']);
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/** Workspace package folders (those with a package.json) under packages/, apps/ and tools/. */
function workspacePackages(root) {
  return WORKSPACE_DIRS.flatMap((top) => {
    const dir = join(root, top);
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'package.json')))
      .map((d) => join(dir, d.name));
  });
}

function sourceFiles(dir) {
  const out = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (d.name.startsWith('.') || SKIP_DIRS.has(d.name)) continue;
    const path = join(dir, d.name);
    if (d.isDirectory()) out.push(...sourceFiles(path));
    else if (SOURCE_FILE.test(d.name) && !d.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

// `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`, across line breaks;
// group 1 is `type` on a type-only import or re-export, group 2 the specifier.
const SPECIFIERS = [
  /\b(?:import|export)\s+(type\s+)?(?:[\w*\s{},$]*?\s+from\s+)?['"]([^'"]+)['"]/g,
  /\bimport\s*\(()\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Strips comments so an import shown in a doc comment is not read as one. */
function withoutComments(text) {
  return text.replace(/(^|\s)\/\*[\s\S]*?\*\//g, '$1').replace(/(^|[^:\\'"`])\/\/.*$/gm, '$1');
}

function relativeImports(file) {
  const text = withoutComments(readFileSync(file, 'utf8'));
  const found = new Set();
  for (const re of SPECIFIERS) {
    for (const m of text.matchAll(re)) if (!m[1] && m[2].startsWith('.')) found.add(m[2]);
  }
  return [...found];
}

/** The file a relative specifier names, as TypeScript's bundler resolution finds it (.js written for .ts). */
function resolveImport(from, specifier) {
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.(m|c)?js$/, '');
  const candidates = [
    base,
    ...['.ts', '.mts', '.cts', '.mjs', '.js'].map((ext) => stem + ext),
    ...['index.ts', 'index.mjs', 'index.js'].map((f) => join(base, f)),
  ];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile() && SOURCE_FILE.test(c));
}

/** Cycles of a directed graph (Map node → successors): one path per strongly connected component. */
export function findCycles(graph) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  let next = 0;
  // Tarjan's algorithm, iterative: a workspace's import chains can be deeper than the call stack likes.
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work = [{ node: start, edges: [...(graph.get(start) ?? [])], i: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      if (frame.i < frame.edges.length) {
        const to = frame.edges[frame.i++];
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edges: [...(graph.get(to) ?? [])], i: 0 });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node), index.get(to)));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent), low.get(frame.node)));
      }
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const members = [];
      let m;
      do {
        m = stack.pop();
        onStack.delete(m);
        members.push(m);
      } while (m !== frame.node);
      const selfLoop = (graph.get(frame.node) ?? []).includes(frame.node);
      if (members.length > 1 || selfLoop) components.push(new Set(members));
    }
  }
  return components.map((members) => cyclePath(graph, members));
}

/** One closed path through a strongly connected component, e.g. [a, b, c, a]. */
function cyclePath(graph, members) {
  const start = [...members].sort()[0];
  // Breadth-first from start back to start, inside the component: the shortest cycle through it.
  const previous = new Map();
  const queue = [start];
  while (queue.length) {
    const node = queue.shift();
    for (const to of graph.get(node) ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let n = node; n !== start; n = previous.get(n)) path.unshift(n);
        path.unshift(start);
        return path;
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

/** The package graph (name → @a3 names it declares) and the module graph (file → files it imports). */
export function workspaceGraphs(root) {
  const dirs = workspacePackages(root);
  const manifests = dirs.map((dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')));
  const names = new Set(manifests.map((m) => m.name));
  const packages = new Map();
  for (const m of manifests) {
    const deps = DEPENDENCY_FIELDS.flatMap((field) => Object.keys(m[field] ?? {}));
    packages.set(
      m.name,
      [...new Set(deps)].filter((d) => names.has(d)),
    );
  }
  const modules = new Map();
  for (const dir of dirs) {
    for (const file of sourceFiles(dir)) {
      const rel = relative(root, file);
      const targets = relativeImports(file)
        .map((s) => resolveImport(file, s))
        .filter((t) => t !== undefined)
        .map((t) => relative(root, t));
      modules.set(rel, [...new Set(targets)]);
    }
  }
  return { packages, modules };
}

/** Every cycle in the workspace, as lines ready to print; empty when there is none. */
export function workspaceCycles(root) {
  const { packages, modules } = workspaceGraphs(root);
  return [
    ...findCycles(packages).map((path) => `package cycle: ${path.join(' → ')}`),
    ...findCycles(modules).map((path) => `import cycle: ${path.join(' → ')}`),
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
  const cycles = workspaceCycles(root);
  for (const line of cycles) console.error(line);
  if (cycles.length) {
    console.error(
      `${cycles.length} cycle(s): move what both sides need into a module (or package) of its own.`,
    );
    process.exit(1);
  }
  console.log('no dependency cycle (packages and modules)');
}
