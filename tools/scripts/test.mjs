#!/usr/bin/env node
// `npm test`: the one test command, locally and in CI.
//
// 1. Sets up tfjs-node (non-strict; see setup-tfjs-node.mjs) and reports tfjs-node-gpu.
// 2. Tells the test files which optional backends are usable, through the environment:
//      A3_TFJS_NODE=1 / A3_TFJS_NODE_GPU=1          the native addon loads and computes correctly
//      A3_TFJS_NODE_SKIP_REASON, A3_TFJS_NODE_GPU_SKIP_REASON   why not, for the skip message
//      A3_CONFORMANCE_BACKENDS=tfjs-cpu,tfjs-wasm,…  every backend whose suite should run
//    Suites for a missing backend must skip with that reason visible, never pass silently.
// 3. Runs `vitest run` (extra arguments are passed on) without colours and exits with its code.
// 4. Drops TensorFlow's two start-up lines from vitest's stderr (see TENSORFLOW_NOISE).
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTfjsNodeGpu, setupTfjsNode } from './setup-tfjs-node.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const requireFromRoot = createRequire(join(ROOT, 'package.json'));

function installed(name) {
  try {
    requireFromRoot.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/** onnxruntime-node ships per-platform binaries; loading it in a child proves they fit this machine. */
function onnxStatus() {
  if (!installed('onnxruntime-node')) return { ok: false, reason: 'onnxruntime-node is not installed' };
  const r = spawnSync(process.execPath, ['-e', "require('onnxruntime-node'); console.log('A3OK')"], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.stdout?.includes('A3OK')) return { ok: true };
  const err = (r.stderr || r.error?.message || `exit ${r.status}`)
    .trim()
    .split('\n')
    .find((l) => /error/i.test(l));
  return { ok: false, reason: `onnxruntime-node does not load: ${err ?? `exit ${r.status}`}` };
}

const env = {
  ...process.env,
  TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2',
  // tinyrainbow (vitest's colours) treats any FORCE_COLOR, even 0, as "on"; NO_COLOR wins there.
  FORCE_COLOR: '0',
  NO_COLOR: '1',
};

const tfjsNode = await setupTfjsNode();
const tfjsNodeGpu = checkTfjsNodeGpu();
const onnx = onnxStatus();

const backends = [
  [
    'tfjs-cpu',
    installed('@tensorflow/tfjs-backend-cpu') ? { ok: true } : { ok: false, reason: 'not installed' },
  ],
  [
    'tfjs-wasm',
    installed('@tensorflow/tfjs-backend-wasm') ? { ok: true } : { ok: false, reason: 'not installed' },
  ],
  ['tfjs-node', tfjsNode],
  ['tfjs-node-gpu', tfjsNodeGpu],
  ['onnx', onnx],
];
for (const [status, key] of [
  [tfjsNode, 'A3_TFJS_NODE'],
  [tfjsNodeGpu, 'A3_TFJS_NODE_GPU'],
]) {
  delete env[key];
  delete env[`${key}_SKIP_REASON`];
  if (status.ok) env[key] = '1';
  else env[`${key}_SKIP_REASON`] = status.reason;
}
const running = backends.filter(([, s]) => s.ok).map(([n]) => n);
env.A3_CONFORMANCE_BACKENDS = running.join(',');
console.log(`conformance backends: ${running.join(', ') || '(none)'}`);
for (const [n, s] of backends.filter(([, s]) => !s.ok))
  console.log(`conformance skipped: ${n} (${s.reason})`);
console.log('');

/**
 * The two lines libtensorflow 2.21 writes to fd 2 when tfjs-node loads in a test worker, past
 * TF_CPP_MIN_LOG_LEVEL (checked: TF_CPP_MIN_LOG_LEVEL=3, ABSL_MIN_LOG_LEVEL=2, GLOG_minloglevel=2
 * leave both). The absl line only precedes the oneDNN notice, and the one switch that stops that
 * notice, TF_ENABLE_ONEDNN_OPTS=0, swaps in other kernels: the tfjs-node suites would then test
 * numerics that `--backend tfjs-node` and library users do not get. So the lines are filtered here,
 * exactly these two, and every other stderr line passes through.
 */
const TENSORFLOW_NOISE = [
  /^WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR$/,
  /^I\d{4} [\d:.]+ +\d+ port\.cc:\d+\] oneDNN custom operations are on\. /,
];

/** Copies `from` to `to` line by line, leaving out TENSORFLOW_NOISE. */
function filterLines(from, to) {
  let pending = '';
  const emit = (line) => {
    if (!TENSORFLOW_NOISE.some((re) => re.test(line))) to.write(`${line}\n`);
  };
  from.setEncoding('utf8');
  from.on('data', (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop();
    for (const line of lines) emit(line);
  });
  from.on('end', () => {
    if (pending && !TENSORFLOW_NOISE.some((re) => re.test(pending))) to.write(pending);
  });
}

const vitest = join(dirname(requireFromRoot.resolve('vitest/package.json')), 'vitest.mjs');
const child = spawn(process.execPath, [vitest, 'run', ...process.argv.slice(2)], {
  cwd: ROOT,
  env,
  stdio: ['inherit', 'inherit', 'pipe'],
});
filterLines(child.stderr, process.stderr);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('close', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
