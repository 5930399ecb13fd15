// Shared by the Nx generator (generator.cjs) and the plain CLI (cli.mjs): turns the templates in
// ./files into { path, content } pairs for one plugin. No Nx or npm API here, so both entry points
// produce byte-identical packages.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: Nx require()s generator factories. */
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join, relative, posix } = require('node:path');

const NAME_RE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const BUILT_INS = ['dense-ae', 'conv-ae', 'mlp-classifier'];
const FILES = join(__dirname, 'files');

/** Validates and completes the options; throws an Error whose message says how to fix it. */
function normalizeOptions(raw) {
  const name = String(raw.name ?? '').trim();
  if (!NAME_RE.test(name)) {
    throw new Error(
      `Invalid plugin name "${name}": use lower-case words joined by dashes, starting with a letter (e.g. target-example).`,
    );
  }
  if (BUILT_INS.includes(name)) {
    throw new Error(`"${name}" is a built-in target of @a3/model; choose another name.`);
  }
  const directory = String(raw.directory ?? 'packages')
    .replace(/\\/g, '/')
    .replace(/\/+$/, '');
  const scope = String(raw.scope ?? '@a3');
  if (!/^@[a-z0-9][a-z0-9._-]*$/.test(scope))
    throw new Error(`Invalid npm scope "${scope}" (e.g. @a3 or @my-org).`);
  const className = name
    .split('-')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
  const projectRoot = posix.join(directory, name);
  const depth = projectRoot.split('/').filter(Boolean).length;
  return {
    name,
    directory,
    projectRoot,
    packageName: `${scope}/${name}`,
    className,
    relativeRoot: Array(depth).fill('..').join('/'),
    a3Version: raw.a3Version ?? '0.1.0',
  };
}

function listTemplates(dir = FILES) {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? listTemplates(full) : [full];
  });
}

/** Replaces <%= key %> with the option's value; unknown keys are an error (a typo in a template). */
function substitute(text, options, file) {
  return text.replace(/<%=\s*([A-Za-z][A-Za-z0-9]*)\s*%>/g, (_m, key) => {
    if (!(key in options)) throw new Error(`Template ${file} uses unknown placeholder "${key}".`);
    return String(options[key]);
  });
}

/** The files of the plugin package, paths relative to the workspace root. */
function renderPlugin(rawOptions) {
  const options = normalizeOptions(rawOptions);
  return listTemplates().map((file) => {
    const rel = relative(FILES, file)
      .split('\\')
      .join('/')
      .replace(/__name__/g, options.name)
      .replace(/\.tmpl$/, '');
    return {
      path: posix.join(options.projectRoot, rel),
      content: substitute(readFileSync(file, 'utf8'), options, rel),
    };
  });
}

/**
 * Formats the files with the workspace's Prettier and its config when Prettier is installed, so
 * a generated package passes `prettier --check` whatever the name's length; unchanged otherwise.
 */
async function formatWithPrettier(files, workspaceRoot) {
  let prettier;
  try {
    prettier = require(require.resolve('prettier', { paths: [workspaceRoot] }));
  } catch {
    return files;
  }
  return Promise.all(
    files.map(async (f) => {
      const filepath = join(workspaceRoot, f.path);
      const config = (await prettier.resolveConfig(filepath)) ?? {};
      return { path: f.path, content: await prettier.format(f.content, { ...config, filepath }) };
    }),
  );
}

module.exports = { normalizeOptions, renderPlugin, formatWithPrettier, NAME_RE };
