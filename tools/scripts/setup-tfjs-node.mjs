#!/usr/bin/env node
// Makes @tensorflow/tfjs-node work offline.
//
// Its install script downloads libtensorflow 2.9.1 from Google's storage, which this project's
// machines cannot reach, so the root package.json skips it (allowScripts). This script follows the
// recipe in TOOLCHAIN.md instead: take libtensorflow_cc.so.2, libtensorflow_framework.so.2 and the
// C API headers from the tensorflow-cpu 2.21.0 wheel that the machine image keeps in pip's local
// wheel folders, lay them out as tfjs-node's `deps/`, and let `npm rebuild` compile the addon
// against them. `deps/` lives in node_modules, so every `npm ci` needs this again.
//
// Usage: node tools/scripts/setup-tfjs-node.mjs [--strict] [--force] [--js-unzip] [--verbose]
//   --strict    exit 1 (not 0) when tfjs-node cannot be set up
//   --force     rebuild even if the addon already loads
//   --js-unzip  extract with @a3/data's zip reader (needs @a3/data built) even if `unzip` exists
//   --verbose   stream the addon build's output
// Env: A3_TF_WHEEL=/path/to/tensorflow_cpu-*.whl picks the wheel explicitly.
//
// Status: one line `tfjs-node: ready (TensorFlow <version>)` or `SKIP tfjs-node: <reason>`, then
// one line `SKIP tfjs-node-gpu: <reason>` (tfjs-node-gpu is never built here). Other scripts import
// `setupTfjsNode()` / `checkTfjsNodeGpu()`; the result is also written to
// node_modules/.a3/tfjs-node.json.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statfsSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const STATE_DIR = join(ROOT, 'node_modules', '.a3');
const WHEEL_NAME = /^tensorflow_cpu-2\.21\.0-cp\d+-cp\d+m?-manylinux[\w.]*_x86_64\.whl$/;
const WHEEL_HINT = 'tensorflow_cpu-2.21.0-*-manylinux*_x86_64.whl';
const LIBS = ['tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2'];
const HEADER_DIRS = ['tensorflow/c/', 'tensorflow/core/platform/', 'xla/', 'tsl/'];
// install.js only skips its download when this file exists (deps-constants.js, libtensorflow 2.9.1).
const LINKS = {
  'libtensorflow.so': 'libtensorflow_cc.so.2',
  'libtensorflow.so.2.9.1': 'libtensorflow_cc.so.2',
  'libtensorflow_framework.so': 'libtensorflow_framework.so.2',
  'libtensorflow_framework.so.2.9.1': 'libtensorflow_framework.so.2',
};
const NEEDED_BYTES = 1.3e9; // ~850 MB unpacked plus the build, with margin

const requireFromRoot = createRequire(join(ROOT, 'package.json'));

class Skip extends Error {}

function packageDir(name) {
  try {
    return dirname(requireFromRoot.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function addonPaths(pkgDir) {
  const lib = join(pkgDir, 'lib');
  if (!existsSync(lib)) return [];
  return readdirSync(lib)
    .filter((d) => d.startsWith('napi-v'))
    .map((d) => join(lib, d, 'tfjs_binding.node'))
    .filter((f) => existsSync(f));
}

/**
 * Loads the package in a fresh Node process and multiplies two 2×2 matrices.
 * A child process because a broken native addon can abort the process that loads it.
 */
export function probe(pkgName = '@tensorflow/tfjs-node') {
  const code = `
    const out = (o) => console.log('A3PROBE ' + JSON.stringify(o));
    try {
      const tf = require(${JSON.stringify(pkgName)});
      const c = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5, 6], [7, 8]])).arraySync();
      const binding = tf.backend().binding;
      out({ ok: JSON.stringify(c) === '[[19,22],[43,50]]', result: c, backend: tf.getBackend(),
            tfVersion: (binding && binding.TF_Version) || 'unknown' });
    } catch (e) {
      out({ ok: false, error: String((e && e.message) || e) });
    }`;
  const r = spawnSync(process.execPath, ['-e', code], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('A3PROBE '));
  if (line) {
    const res = JSON.parse(line.slice('A3PROBE '.length));
    if (res.ok) return { ok: true, tfVersion: res.tfVersion, backend: res.backend };
    if (res.error) return { ok: false, error: firstLine(res.error) };
    return { ok: false, error: `matMul gave ${JSON.stringify(res.result)}, expected [[19,22],[43,50]]` };
  }
  const why = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : `exit code ${r.status}`;
  const tail = firstLine((r.stderr ?? '').trim().split('\n').slice(-1)[0] ?? '');
  return { ok: false, error: `loading ${pkgName} crashed (${why})${tail ? `: ${tail}` : ''}` };
}

function firstLine(s) {
  const line =
    String(s)
      .split('\n')
      .find((l) => l.trim()) ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line.trim();
}

// ---------------------------------------------------------------------------------------------
// Finding the wheel: pip's configured folders (find-links, file:// indexes), then known defaults.

function pipLocations() {
  const r = spawnSync('python3', ['-m', 'pip', 'config', 'list'], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0 || !r.stdout) return [];
  const locations = [];
  for (const line of r.stdout.split('\n')) {
    const m = /^[^=]*?(find-links|index-url|extra-index-url)='(.*)'$/.exec(line.trim());
    if (!m) continue;
    for (const value of m[2].split(/\s+/).filter(Boolean)) {
      const path = value.startsWith('file://') ? fileURLToPath(value) : value.startsWith('/') ? value : null;
      if (path) locations.push({ kind: m[1] === 'find-links' ? 'dir' : 'index', path });
    }
  }
  return locations;
}

function wheelsIn(location) {
  const found = [];
  if (location.kind === 'dir') {
    if (!existsSync(location.path)) return found;
    for (const f of readdirSync(location.path)) if (WHEEL_NAME.test(f)) found.push(join(location.path, f));
    return found;
  }
  // A PEP 503 "simple" index on disk: <index>/tensorflow-cpu/index.html links to the files.
  const page = join(location.path, 'tensorflow-cpu', 'index.html');
  if (!existsSync(page)) return found;
  const base = pathToFileURL(page);
  for (const m of readFileSync(page, 'utf8').matchAll(/href="([^"#]+)/g)) {
    const url = new URL(m[1], base);
    if (url.protocol !== 'file:') continue;
    const file = fileURLToPath(url);
    if (WHEEL_NAME.test(file.split('/').pop() ?? '') && existsSync(file)) found.push(file);
  }
  return found;
}

export function findWheel() {
  if (process.env.A3_TF_WHEEL) {
    if (!existsSync(process.env.A3_TF_WHEEL))
      throw new Skip(`A3_TF_WHEEL=${process.env.A3_TF_WHEEL} does not exist`);
    return { wheel: process.env.A3_TF_WHEEL, searched: [] };
  }
  const locations = [
    ...pipLocations(),
    { kind: 'dir', path: '/opt/wheels' },
    { kind: 'dir', path: '/opt/pypi/files' },
    { kind: 'index', path: '/opt/pypi/simple' },
  ];
  const searched = [...new Set(locations.map((l) => l.path))];
  for (const loc of locations) {
    const [wheel] = wheelsIn(loc);
    if (wheel) return { wheel, searched };
  }
  throw new Skip(
    `no ${WHEEL_HINT} wheel in pip's local folders (${searched.join(', ')}); ` +
      'set A3_TF_WHEEL=/path/to/it if you have one',
  );
}

// ---------------------------------------------------------------------------------------------
// Unpacking and building.

function wanted(name) {
  if (LIBS.includes(name)) return true;
  return HEADER_DIRS.some((d) => name.startsWith(`tensorflow/include/${d}`));
}

/**
 * The wheel through @a3/data's ZipArchive, the repository's one zip reader (CRC-checked, bounded
 * inflation). The script runs as plain Node, so it takes the built package: `npm ci` builds every
 * package in its prepare step; in a checkout that has not built yet, `npm run build` first.
 */
async function openWheel(wheel) {
  let data;
  try {
    data = await import('@a3/data');
  } catch (e) {
    throw new Skip(
      `cannot read the wheel: @a3/data does not load (${firstLine(e.message)}); run npm run build`,
    );
  }
  return new data.ZipArchive(await readFile(wheel), wheel);
}

/** Writes the selected members under `destDir`, keeping their paths; returns how many. */
async function extractMembers(archive, destDir, select) {
  const names = archive.entries.map((e) => e.name).filter((n) => !n.endsWith('/') && select(n));
  for (const name of names) {
    const rel = normalize(name);
    if (isAbsolute(rel) || rel.startsWith('..')) throw new Skip(`refusing unsafe zip path ${name}`);
    const out = join(destDir, rel);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, archive.read(name));
  }
  return names.length;
}

async function unpack(wheel, pkgDir, { jsUnzip, say }) {
  const archive = await openWheel(wheel);
  const members = archive.entries.map((e) => e.name);
  for (const need of [...LIBS, 'tensorflow/include/tensorflow/c/c_api.h']) {
    if (!members.includes(need)) throw new Skip(`${wheel} lacks ${need}`);
  }
  const staging = join(pkgDir, `.deps-staging-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    if (!jsUnzip && hasCommand('unzip')) {
      say(`unpacking libtensorflow from ${wheel} (unzip)`);
      const patterns = [...LIBS, ...HEADER_DIRS.map((d) => `tensorflow/include/${d}*`)];
      const r = spawnSync('unzip', ['-q', '-o', wheel, ...patterns, '-d', staging], { encoding: 'utf8' });
      if (r.status !== 0)
        throw new Skip(`unzip failed (exit ${r.status}): ${firstLine(r.stderr || r.stdout)}`);
    } else {
      say(`unpacking libtensorflow from ${wheel} (@a3/data's zip reader)`);
      await extractMembers(archive, staging, wanted);
    }
    const deps = join(staging, 'deps');
    await mkdir(join(deps, 'lib'), { recursive: true });
    for (const lib of LIBS) await rename(join(staging, lib), join(deps, 'lib', lib.split('/').pop()));
    await rename(join(staging, 'tensorflow', 'include'), join(deps, 'include'));
    for (const [link, target] of Object.entries(LINKS)) await symlink(target, join(deps, 'lib', link));
    await rm(join(pkgDir, 'deps'), { recursive: true, force: true });
    await rename(deps, join(pkgDir, 'deps'));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function buildEnv() {
  const env = {
    ...process.env,
    // node-pre-gyp would first try a prebuilt addon from Google's storage (unreachable): build.
    npm_config_build_from_source: 'true',
    ONNXRUNTIME_NODE_INSTALL: 'skip',
    TF_CPP_MIN_LOG_LEVEL: '2',
  };
  // node-gyp downloads Node's headers unless it is pointed at a local copy; Node installs from
  // distro/NodeSource packages ship them under <prefix>/include/node.
  const prefix = resolve(dirname(process.execPath), '..');
  if (!env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'common.gypi'))) {
    env.npm_config_nodedir = prefix;
  }
  return env;
}

function checkBuildTools() {
  const missing = ['make', 'python3'].filter((c) => !hasCommand(c));
  if (!hasCommand('g++') && !hasCommand('c++')) missing.unshift('g++');
  if (missing.length) {
    throw new Skip(
      `cannot compile the addon: ${missing.join(', ')} not found (apt-get install build-essential python3)`,
    );
  }
}

async function rebuild(pkgDir, { verbose, say }) {
  await mkdir(STATE_DIR, { recursive: true });
  const logFile = join(STATE_DIR, 'tfjs-node-build.log');
  // A stale addon from an earlier build must not hide a failing one.
  await rm(join(pkgDir, 'build'), { recursive: true, force: true });
  await rm(join(pkgDir, 'lib'), { recursive: true, force: true });
  say('building the native addon (npm rebuild @tensorflow/tfjs-node, ~15-60 s)');
  const log = createWriteStream(logFile);
  // The root package.json denies this package's install script (allowScripts) so that `npm ci`
  // never tries the download; a denial also blocks `npm rebuild`, hence the override, which is
  // scoped to this one named package.
  const args = [
    'rebuild',
    '@tensorflow/tfjs-node',
    '--foreground-scripts',
    '--dangerously-allow-all-scripts',
  ];
  const child = spawn('npm', args, {
    cwd: ROOT,
    env: buildEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      log.write(chunk);
      if (verbose) process.stdout.write(chunk);
    });
  }
  const code = await new Promise((res) => child.on('close', (c) => res(c ?? 1)));
  await new Promise((res) => log.end(res));
  if (code !== 0) {
    const tail = (await readFile(logFile, 'utf8')).trim().split('\n').slice(-15);
    if (!verbose) for (const l of tail) console.log(`  | ${l}`);
    throw new Skip(`addon build failed (npm rebuild exit ${code}; full log: ${logFile})`);
  }
  if (addonPaths(pkgDir).length === 0) {
    throw new Skip(
      `npm rebuild ran but produced no tfjs_binding.node (install script skipped? log: ${logFile})`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// A lock, because several `npm test`s may share one checkout and this rewrites node_modules.

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

const LOCK = join(STATE_DIR, 'tfjs-node.lock');

/** True while another live process is unpacking or building: its half-done deps/ must not be probed. */
function lockHeld() {
  try {
    const pid = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
    return !Number.isInteger(pid) || alive(pid);
  } catch {
    return existsSync(LOCK);
  }
}

async function withLock(fn, say) {
  const lock = LOCK;
  mkdirSync(STATE_DIR, { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  let told = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let pid = NaN;
      try {
        pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        // the holder is between mkdir and writing its pid
      }
      if (Number.isInteger(pid) && !alive(pid)) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Skip(`another setup (pid ${pid}) has held ${lock} for 15 min`);
      if (!told) say(`waiting for another setup-tfjs-node (pid ${pid}) to finish`);
      told = true;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

function record(result) {
  try {
    mkdirSync(STATE_DIR, { recursive: true });
    writeFileSync(
      join(STATE_DIR, 'tfjs-node.json'),
      `${JSON.stringify({ ...result, checkedAt: new Date().toISOString() }, null, 2)}\n`,
    );
  } catch {
    // the marker is a convenience; the probe is the truth
  }
  return result;
}

/**
 * Sets up tfjs-node if needed. Resolves to `{ ok: true, tfVersion }` or `{ ok: false, reason }`;
 * prints progress and, last, the `tfjs-node: ready (...)` or `SKIP tfjs-node: ...` line.
 */
export async function setupTfjsNode({ force = false, jsUnzip = false, verbose = false } = {}) {
  const say = (msg) => console.log(`tfjs-node: ${msg}`);
  const started = Date.now();
  let result;
  try {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      throw new Skip(`this recipe needs linux-x64 (this is ${process.platform}-${process.arch})`);
    }
    const pkgDir = packageDir('@tensorflow/tfjs-node');
    if (!pkgDir) throw new Skip('@tensorflow/tfjs-node is not installed (run npm ci)');
    const quick = force || lockHeld() || addonPaths(pkgDir).length === 0 ? undefined : probe();
    if (quick?.ok) {
      say('addon already built and loading, nothing to do');
      result = { ok: true, tfVersion: quick.tfVersion };
    } else {
      result = await withLock(async () => {
        // Someone else may have finished the job while we waited for the lock.
        const again = force || addonPaths(pkgDir).length === 0 ? undefined : probe();
        if (again?.ok) return { ok: true, tfVersion: again.tfVersion };
        const { wheel } = findWheel();
        checkBuildTools();
        const { bavail, bsize } = statfsSync(pkgDir);
        if (bavail * bsize < NEEDED_BYTES) {
          throw new Skip(
            `needs ~1.3 GB free disk in node_modules, ${((bavail * bsize) / 1e9).toFixed(2)} GB left`,
          );
        }
        await unpack(wheel, pkgDir, { jsUnzip, say });
        await rebuild(pkgDir, { verbose, say });
        const after = probe();
        if (!after.ok) throw new Skip(`addon built but does not work: ${after.error}`);
        say(`set up in ${Math.round((Date.now() - started) / 1000)} s`);
        return { ok: true, tfVersion: after.tfVersion };
      }, say);
    }
  } catch (e) {
    if (!(e instanceof Skip)) e.message = `unexpected error: ${e.message}`;
    result = { ok: false, reason: firstLine(e.message) };
  }
  if (result.ok) console.log(`tfjs-node: ready (TensorFlow ${result.tfVersion})`);
  else console.log(`SKIP tfjs-node: ${result.reason}`);
  return record(result);
}

/**
 * tfjs-node-gpu needs a CUDA 11.2 / cuDNN 8.1 build of libtensorflow that no reachable host serves,
 * so it is never built here. If someone built it by hand, report whether it loads.
 */
export function checkTfjsNodeGpu() {
  const pkgDir = packageDir('@tensorflow/tfjs-node-gpu');
  let result;
  if (!pkgDir) {
    result = { ok: false, reason: '@tensorflow/tfjs-node-gpu is not installed' };
  } else if (addonPaths(pkgDir).length > 0) {
    const p = probe('@tensorflow/tfjs-node-gpu');
    result = p.ok
      ? { ok: true, tfVersion: p.tfVersion }
      : { ok: false, reason: `addon present but does not load: ${p.error}` };
  } else {
    const gpu =
      existsSync('/dev/nvidia0') ||
      (hasCommand('nvidia-smi') && spawnSync('nvidia-smi', ['-L']).status === 0);
    const ld = spawnSync('sh', ['-c', 'ldconfig -p 2>/dev/null'], { encoding: 'utf8' }).stdout ?? '';
    const cuda = ld.includes('libcudart.so.11.0') && ld.includes('libcudnn.so.8');
    const env = !gpu
      ? 'no NVIDIA GPU here'
      : cuda
        ? 'GPU and CUDA 11 present'
        : 'GPU present but no CUDA 11/cuDNN 8 runtime';
    result = {
      ok: false,
      reason: `needs a CUDA 11.2/cuDNN 8.1 libtensorflow 2.9.1, which no reachable host serves (${env}); not built`,
    };
  }
  if (result.ok) console.log(`tfjs-node-gpu: ready (TensorFlow ${result.tfVersion})`);
  else console.log(`SKIP tfjs-node-gpu: ${result.reason}`);
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = new Set(process.argv.slice(2));
  const known = ['--strict', '--force', '--js-unzip', '--verbose'];
  const unknown = [...args].filter((a) => !known.includes(a));
  if (unknown.length) {
    console.error(`setup-tfjs-node: unknown option ${unknown.join(' ')} (known: ${known.join(' ')})`);
    process.exit(2);
  }
  const res = await setupTfjsNode({
    force: args.has('--force'),
    jsUnzip: args.has('--js-unzip'),
    verbose: args.has('--verbose'),
  });
  checkTfjsNodeGpu();
  process.exitCode = !res.ok && args.has('--strict') ? 1 : 0;
}
