import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { A3Error, Graph, Rng, formatShape, shapeSize, type Backend, type Tensor } from '@a3/core';
import { ParameterCollection } from '@a3/nn';
import { A3Detector } from '../detector/detector';
import { resolveBackend } from '../detectors/detector';
import type { JsonObject } from '../format/manifest';
import {
  createTarget,
  getTarget,
  registerTarget,
  unregisterTarget,
  type TargetFactory,
  type TargetForward,
  type TargetNetwork,
} from '../targets/target';
import { tapWidth } from '../taps/selection';

export interface TargetCheckOptions {
  /** Shape of one sample to build the target for (default [6]; images e.g. [8, 8, 1]). */
  inputShape?: readonly number[];
  /** The target's own options (what `targetOptions` would hold). */
  options?: JsonObject;
  /** Backend for the forward and round-trip checks (default the best available). */
  backend?: string | Backend;
  /** Seed of the builds and the tiny fit (default 0). */
  seed?: number;
  /** Skip the fit → save → load round trip (the slowest check). */
  skipRoundTrip?: boolean;
  /** Throw a TargetCheckError when a check fails (default true); false returns the report. */
  throws?: boolean;
}

export interface TargetCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface TargetCheckReport {
  target: string;
  ok: boolean;
  checks: TargetCheck[];
  failures: TargetCheck[];
  /** The hidden activations the alarm would read: names, roles and widths. */
  taps: { name: string; role: string; width: number }[];
}

/** checkTarget found a problem; `report` lists every check. */
export class TargetCheckError extends A3Error {
  readonly report: TargetCheckReport;
  constructor(report: TargetCheckReport) {
    super(
      'A3_INVALID_ARGUMENT',
      `Target "${report.target}" failed ${report.failures.length} of ${report.checks.length} checks:\n` +
        report.failures.map((c) => `  ✗ ${c.name}: ${c.detail}`).join('\n'),
    );
    this.report = report;
  }
}

const SCOPE = 'target';
let candidates = 0;

/**
 * Checks a target-network plugin the way scikit-learn's `check_estimator` checks an estimator:
 * it builds, keeps its weights under its scope in the collection it is given, exposes hidden
 * taps (non-empty, never the output, with widths), has a scalar loss, is deterministic per seed
 * (same seed → same initial weights and same forward pass on the backend; another seed →
 * other weights), and survives a tiny fit → save → load through A3Detector with the same scores.
 */
export async function checkTarget(
  target: string | TargetFactory,
  options: TargetCheckOptions = {},
): Promise<TargetCheckReport> {
  const name = typeof target === 'string' ? target : `check-target/candidate-${++candidates}`;
  const factory = typeof target === 'string' ? getTarget(target) : target;
  const checks: TargetCheck[] = [];
  let taps: TargetCheckReport['taps'] = [];
  const run = async (check: string, fn: () => string | Promise<string>): Promise<boolean> => {
    try {
      checks.push({ name: check, ok: true, detail: await fn() });
      return true;
    } catch (err) {
      checks.push({ name: check, ok: false, detail: (err as Error).message.slice(0, 400) });
      return false;
    }
  };
  const inputShape = [...(options.inputShape ?? [6])];
  const seed = options.seed ?? 0;
  const build = (s: number) => {
    const params = new ParameterCollection();
    const net = createTarget(name, {
      inputShape,
      seed: s,
      options: options.options ?? {},
      scope: SCOPE,
      params,
    });
    const g = new Graph('check-target');
    const x = g.input('x', [-1, ...inputShape]);
    return { net, params, g, x, forward: net.apply(x, { training: false, trainable: false }) };
  };
  if (typeof target !== 'string') registerTarget(name, factory);
  try {
    let built: ReturnType<typeof build> | undefined;
    const builds = await run('builds', () => {
      built = build(seed);
      return `input ${formatShape(inputShape)} → output ${formatShape(built.forward.output.shape.slice(1))}`;
    });
    if (!builds || !built) return finish(name, checks, taps, options);
    const b = built;
    await run('scope', () => checkScope(b.net, b.params));
    await run('taps', () => {
      const described = checkTaps(b.forward, b.x);
      taps = described;
      return described.map((t) => `${t.name} (${t.role}, ${t.width})`).join(', ');
    });
    await run('loss', () => checkLoss(b.net, b.forward, b.x, b.g));
    await run('input range', () => checkInputRange(b.net));
    const backend = await resolveBackend(options.backend);
    await run('seeded determinism', () => checkDeterminism(build, seed, backend, inputShape));
    if (!options.skipRoundTrip) {
      await run('save/load round trip', () =>
        roundTrip(name, options.options ?? {}, inputShape, seed, backend, b.net),
      );
    }
    return finish(name, checks, taps, options);
  } finally {
    if (typeof target !== 'string') unregisterTarget(name);
  }
}

function finish(
  target: string,
  checks: TargetCheck[],
  taps: TargetCheckReport['taps'],
  options: TargetCheckOptions,
): TargetCheckReport {
  const failures = checks.filter((c) => !c.ok);
  const report = { target, ok: failures.length === 0, checks, failures, taps };
  if (!report.ok && options.throws !== false) throw new TargetCheckError(report);
  return report;
}

function checkScope(net: TargetNetwork, given: ParameterCollection): string {
  const names = net.params.names();
  if (names.length === 0) return 'no weights';
  const outside = names.filter((n) => !n.startsWith(`${SCOPE}/`));
  if (outside.length > 0) {
    throw new Error(
      `weights outside the scope "${SCOPE}/": ${outside.slice(0, 3).join(', ')}. Name your Sequential ctx.scope.`,
    );
  }
  const elsewhere = names.filter((n) => !given.has(n));
  if (elsewhere.length > 0) {
    throw new Error(
      `weights not kept in ctx.params (${elsewhere.slice(0, 3).join(', ')}): pass ctx.params to your Sequential, ` +
        'so A3Detector can save them and load a model without initialising new ones.',
    );
  }
  return `${names.length} weights under "${SCOPE}/"`;
}

function checkTaps(forward: TargetForward, x: Tensor): TargetCheckReport['taps'] {
  const { taps, output, logits } = forward;
  if (taps.length === 0) {
    throw new Error(
      'no taps: return the hidden activations from apply() (e.g. hiddenTaps(r.taps, r.output)).',
    );
  }
  const seen = new Set<string>();
  return taps.map((t) => {
    if (typeof t.name !== 'string' || !t.name) throw new Error('a tap has no name.');
    if (seen.has(t.name)) throw new Error(`two taps are named "${t.name}"; tap names must be unique.`);
    seen.add(t.name);
    if (typeof t.role !== 'string' || !t.role) throw new Error(`tap "${t.name}" has no role.`);
    if (t.tensor === output || t.tensor === logits || t.tensor === x) {
      throw new Error(
        `tap "${t.name}" is the network's ${t.tensor === x ? 'input' : 'output'}; taps must be hidden activations.`,
      );
    }
    if (t.tensor.shape[0] !== -1)
      throw new Error(`tap "${t.name}" has no batch axis (shape ${formatShape(t.tensor.shape)}).`);
    const width = tapWidth(t);
    if (!(width >= 1)) throw new Error(`tap "${t.name}" has width ${width}.`);
    return { name: t.name, role: t.role, width };
  });
}

function checkLoss(net: TargetNetwork, forward: TargetForward, x: Tensor, g: Graph): string {
  if (forward.logits.shape.join(',') !== forward.output.shape.join(',')) {
    throw new Error(
      `logits ${formatShape(forward.logits.shape)} and output ${formatShape(forward.output.shape)} differ in shape.`,
    );
  }
  const labels = net.labels ? g.input('labels', [-1, ...net.labels.shape]) : undefined;
  const loss = net.loss(forward, x, labels);
  if (shapeSize(loss.shape.map((d) => Math.abs(d))) !== 1 || loss.shape.includes(-1)) {
    throw new Error(`loss() must return a scalar; got shape ${formatShape(loss.shape)}.`);
  }
  return net.labels ? `scalar, with labels of shape ${formatShape(net.labels.shape)}` : 'scalar';
}

function checkInputRange(net: TargetNetwork): string {
  const r = net.inputRange;
  if (r === undefined) return 'none declared (any real input)';
  if (!Array.isArray(r) || r.length !== 2 || !r.every(Number.isFinite) || !(r[0] < r[1])) {
    throw new Error(`inputRange must be [lo, hi] with finite lo < hi; got ${JSON.stringify(r)}.`);
  }
  return `[${r[0]}, ${r[1]}]`;
}

async function checkDeterminism(
  build: (seed: number) => { params: ParameterCollection; forward: TargetForward; g: Graph },
  seed: number,
  backend: Backend,
  inputShape: readonly number[],
): Promise<string> {
  const a = build(seed);
  const b = build(seed);
  const c = build(seed + 1);
  const values = (p: ParameterCollection) =>
    p
      .names()
      .sort()
      .map((n) => [n, Array.from(p.get(n).data as Float32Array)] as const);
  if (JSON.stringify(values(a.params)) !== JSON.stringify(values(b.params))) {
    throw new Error(
      'two builds with the same seed have different initial weights: derive them from ctx.seed.',
    );
  }
  if (a.params.size > 0 && JSON.stringify(values(a.params)) === JSON.stringify(values(c.params))) {
    throw new Error(
      `seeds ${seed} and ${seed + 1} give the same initial weights: pass ctx.seed to your layers.`,
    );
  }
  const x = new Rng(seed).uniformTensor([4, ...inputShape]);
  const outputs: Float32Array[] = [];
  for (const built of [a, b]) {
    built.g.output('y', built.forward.output);
    const exec = await backend.compile(built.g);
    try {
      outputs.push((await exec.run({ x }, { outputs: ['y'] })).y.data as Float32Array);
    } finally {
      exec.dispose();
    }
  }
  if (outputs[0].some((v, i) => !Object.is(v, outputs[1][i]))) {
    throw new Error(`the same seed gives different outputs on ${backend.name}.`);
  }
  return `same seed → same weights and outputs on ${backend.name}; seed ${seed + 1} → other weights`;
}

async function roundTrip(
  name: string,
  targetOptions: JsonObject,
  inputShape: readonly number[],
  seed: number,
  backend: Backend,
  net: TargetNetwork,
): Promise<string> {
  const n = 64;
  const x = new Rng(seed + 7).uniformTensor([n, ...inputShape]);
  const classes = net.labels ? Array.from({ length: n }, (_, i) => i % net.labels!.shape[0]) : undefined;
  const phase = { epochs: 1, batchSize: 32, learningRate: 1e-3 };
  const detector = await new A3Detector({
    target: name,
    targetOptions,
    alarm: { hidden: [8] },
    targetTraining: phase,
    alarmTraining: phase,
    seed,
  }).fit({ x, ...(classes ? { classes } : {}) }, { backend });
  const dir = await mkdtemp(join(tmpdir(), 'a3-check-target-'));
  try {
    const before = await detector.score(x);
    await detector.save(join(dir, 'model'));
    const loaded = await A3Detector.load(join(dir, 'model'), { backend });
    try {
      const after = await loaded.score(x);
      const diff = before.reduce((m, v, i) => Math.max(m, Math.abs(v - after[i])), 0);
      if (!(diff <= 1e-6)) throw new Error(`scores after save → load differ by up to ${diff}.`);
      if (JSON.stringify(loaded.taps) !== JSON.stringify(detector.taps)) {
        throw new Error('the loaded model has other taps than the saved one.');
      }
      return `fit ${n} rows, saved, loaded on ${backend.name}: scores equal (max diff ${diff})`;
    } finally {
      loaded.dispose();
    }
  } finally {
    detector.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}
