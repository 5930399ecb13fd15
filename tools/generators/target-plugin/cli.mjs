#!/usr/bin/env node
// Plain fallback for the Nx generator: node tools/generators/target-plugin/cli.mjs <name> [--directory packages]
// [--scope @a3] [--dry-run]. Same templates, same output, written with node:fs.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { renderPlugin, normalizeOptions, formatWithPrettier } = require('./render.cjs');

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const dryRun = args.includes('--dry-run');
const directory = flag('directory');
const scope = flag('scope');
const root = resolve(flag('root') ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../..'));
const name = args.filter((a) => a !== '--dry-run')[0];
if (!name) {
  console.error(
    'usage: node tools/generators/target-plugin/cli.mjs <name> [--directory packages] [--scope @a3] [--dry-run]',
  );
  process.exit(2);
}
try {
  const modelPkg = join(root, 'packages/model/package.json');
  const a3Version = existsSync(modelPkg) ? JSON.parse(readFileSync(modelPkg, 'utf8')).version : undefined;
  const options = normalizeOptions({ name, directory, scope, a3Version });
  if (existsSync(join(root, options.projectRoot))) {
    throw new Error(`${options.projectRoot} already exists; pick another name or remove it first.`);
  }
  for (const file of await formatWithPrettier(renderPlugin({ name, directory, scope, a3Version }), root)) {
    console.log(`${dryRun ? 'would create' : 'CREATE'} ${file.path}`);
    if (dryRun) continue;
    const out = join(root, file.path);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, file.content);
  }
  if (!dryRun) console.log(`\nNext: npx vitest run --project ${options.packageName}`);
} catch (err) {
  console.error(`error: ${err.message}`);
  process.exit(1);
}
