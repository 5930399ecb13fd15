// Nx generator: `npx nx g @a3/generators:target-plugin <name>` (add --dry-run to preview).
// Writes through Nx's virtual file tree, so Nx shows the changes and --dry-run works; no
// @nx/devkit dependency is needed for that.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: Nx require()s generator factories. */
const { renderPlugin, normalizeOptions, formatWithPrettier } = require('./render.cjs');

function readA3Version(tree) {
  const text = tree.read('packages/model/package.json', 'utf-8');
  return text ? JSON.parse(text).version : undefined;
}

async function targetPluginGenerator(tree, schema) {
  const options = normalizeOptions({ ...schema, a3Version: readA3Version(tree) });
  if (tree.exists(options.projectRoot)) {
    throw new Error(`${options.projectRoot} already exists; pick another name or remove it first.`);
  }
  const files = await formatWithPrettier(
    renderPlugin({ ...schema, a3Version: options.a3Version }),
    tree.root,
  );
  for (const file of files) tree.write(file.path, file.content);
  return () => {
    console.log(
      `\nCreated ${options.packageName} in ${options.projectRoot}. Next:\n` +
        `  npx vitest run --project ${options.packageName}\n` +
        `  import '${options.packageName}'; new A3Detector({ target: '${options.name}' })\n` +
        '  (npm install once so node_modules links the new workspace package for other packages.)',
    );
  };
}

module.exports = targetPluginGenerator;
module.exports.default = targetPluginGenerator;
