#!/usr/bin/env node
/**
 * Back-to-back benchmark of the A³ alarm MLP (784→1000→500→200→75→1, ReLU, dropout 0.1,
 * BCE from logits, Adam, batch 256) train step and batch-1024 inference on:
 *   - the a3 `onnx` backend through @a3/train's Trainer: as `fit` trains (--loop steps per
 *     backend call, one ONNX Loop; fit's default), with fit's NaN guard too, and one backend
 *     call per step,
 *   - PyTorch CPU (python with torch; A3_TORCH_PYTHON or python3),
 *   - tfjs-node (when @tensorflow/tfjs-node loads; `npm run setup:tfjs-node` builds it),
 * all with the same thread count, alternating engines for --rounds rounds (the order reversed
 * every other round, so a slow spell of the machine does not always land on the same engine) so a busy neighbour
 * process hits all of them alike. Prints the per-round JSON lines, then a markdown table of
 * the medians over rounds.
 *
 *   node tools/onnx/bench-vs-torch.mjs [--threads 2] [--steps 30] [--rounds 5] [--loop 16] [--spin 0|1]
 * --spin 0 (default): ORT threads do not spin (the onnx backend's default) and torch's OpenMP threads
 * wait passively (OMP_WAIT_POLICY=PASSIVE); --spin 1: both spin (their library defaults).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const outDir = join(root, 'node_modules', '.cache', 'a3-onnx-bench');
const opt = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : String(fallback);
};
const threads = opt('threads', cpus().length);
const steps = opt('steps', 30);
const rounds = Number(opt('rounds', 5));
const loop = opt('loop', 16);
const spin = opt('spin', 0);
const common = ['--threads', threads, '--steps', steps, '--loop', loop, '--spin', spin];

// Bundle the TS entry points from source (the @a3/source condition), leaving native addons external.
for (const name of ['onnx-bench', 'tfjs-node-bench']) {
  await build({
    entryPoints: [join(here, 'bench', `${name}.ts`)],
    outfile: join(outDir, `${name}.mjs`),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@a3/source'],
    external: ['onnxruntime-node', '@tensorflow/tfjs-node'],
    logLevel: 'error',
  });
}

function findTorchPython() {
  for (const py of [process.env.A3_TORCH_PYTHON, 'python3'].filter(Boolean)) {
    const r = spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8' });
    if (r.status === 0) return { py };
  }
  return {
    skip: 'no python with torch (set A3_TORCH_PYTHON to one, e.g. a venv with the local torch wheel)',
  };
}

function tfjsNodeLoads() {
  const r = spawnSync(process.execPath, ['-e', "require('@tensorflow/tfjs-node')"], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  return r.status === 0
    ? {}
    : {
        skip: `@tensorflow/tfjs-node does not load (${(r.stderr.split('\n').find((l) => /Error/.test(l)) ?? 'unknown').trim()}); run npm run setup:tfjs-node`,
      };
}

const torch = findTorchPython();
const tfjs = tfjsNodeLoads();
const engines = [
  { name: 'onnx', cmd: process.execPath, args: [join(outDir, 'onnx-bench.mjs'), ...common] },
  torch.py
    ? { name: 'torch', cmd: torch.py, args: [join(here, 'bench', 'torch_bench.py'), ...common.slice(0, 4)] }
    : null,
  tfjs.skip
    ? null
    : {
        name: 'tfjs-node',
        cmd: process.execPath,
        args: [join(outDir, 'tfjs-node-bench.mjs'), ...common.slice(2, 4)],
      },
].filter(Boolean);
if (torch.skip) console.log(`SKIP torch: ${torch.skip}`);
if (tfjs.skip) console.log(`SKIP tfjs-node: ${tfjs.skip}`);

const results = {};
for (let r = 0; r < rounds; r++) {
  for (const e of r % 2 ? [...engines].reverse() : engines) {
    const out = execFileSync(e.cmd, e.args, {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        TF_CPP_MIN_LOG_LEVEL: '2',
        OMP_NUM_THREADS: threads,
        ...(spin === '0' ? { OMP_WAIT_POLICY: 'PASSIVE' } : {}),
      },
    });
    const line = out.trim().split('\n').pop();
    console.log(line);
    (results[e.name] ??= []).push(JSON.parse(line));
  }
}

const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
// median of the per-round medians, and in brackets the fastest step seen (what an idle machine gives)
const cell = (runs, key) =>
  runs[0][key]
    ? `${med(runs.map((x) => x[key].median)).toFixed(1)} ms (${Math.min(...runs.map((x) => x[key].min)).toFixed(1)})`
    : '—';
const load = (await import('node:os')).loadavg()[0].toFixed(1);
console.log(
  `\n${cpus()[0].model}, ${threads} threads, ${steps} timed steps × ${rounds} rounds, load average ${load}` +
    '\nmedian of per-round medians (fastest single step)\n',
);
const cpuCell = (runs, key) =>
  runs[0][key] === undefined ? '—' : `${med(runs.map((x) => x[key])).toFixed(1)} ms`;
const engineNames = Object.keys(results);
// torch and tfjs-node have one kind of step: their own training loop, shown in every train row.
const row = (label, key, fmt = cell, fallback = key) =>
  console.log(
    `| ${label} | ${engineNames.map((n) => fmt(results[n], results[n][0][key] === undefined ? fallback : key)).join(' | ')} |`,
  );
console.log(`| | ${engineNames.map((n) => `${n} ${results[n][0].version}`).join(' | ')} |`);
console.log(`|---|${engineNames.map(() => '---').join('|')}|`);
row(
  `train step, as \`fit\` trains (onnx: Loop of ${loop} steps per call)`,
  'trainStepLoop',
  cell,
  'trainStep',
);
row("train step, with fit's NaN guard", 'trainStepLoopGuarded');
row('train step, one backend call per step', 'trainStep');
row('inference, batch 1024', 'inferB1024');
row('CPU time / train step (one call per step)', 'trainCpuMs', cpuCell);
row(`CPU time / train step (Loop of ${loop})`, 'trainLoopCpuMs', cpuCell);
row('CPU time / inference', 'inferCpuMs', cpuCell);

// Ratios on the medians: onnx's fit path vs the others' (only) step.
const m = (name, key) => (results[name]?.[0][key] ? med(results[name].map((x) => x[key].median)) : undefined);
const other = (name) => m(name, 'trainStepLoop') ?? m(name, 'trainStep');
const onnxFit = m('onnx', 'trainStepLoop');
const onnxOne = m('onnx', 'trainStep');
for (const name of engineNames.filter((n) => n !== 'onnx')) {
  const o = other(name);
  if (!o || !onnxFit) continue;
  console.log(
    `\nonnx vs ${name}, train step: ${(o / onnxFit).toFixed(2)}× as fit trains, ${(o / onnxOne).toFixed(2)}× at one call per step` +
      (m(name, 'inferB1024')
        ? `; inference ${(m(name, 'inferB1024') / m('onnx', 'inferB1024')).toFixed(2)}×`
        : '') +
      ' (>1: onnx faster)',
  );
}
const convRuns = Object.entries(results).filter(([, runs]) => runs[0].convAeStep);
if (convRuns.length) {
  console.log('\nA³ MNIST conv auto-encoder train step (batch 256; not in torch_bench.py)\n');
  console.log('| engine | wall | CPU time |');
  console.log('|---|---|---|');
  for (const [name, runs] of convRuns) {
    console.log(`| ${name} | ${cell(runs, 'convAeStep')} | ${cpuCell(runs, 'convAeCpuMs')} |`);
  }
}
