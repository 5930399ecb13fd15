/**
 * Acceptance check of the neural baselines on the ADBench development sets, with the
 * protocol of ../shared/PEERS.md: seeded 70/30 split stratified by label; N known = 5 % of
 * the training anomalies (at least 5); min-max fitted on the training normals; train =
 * training normals + the N known anomalies; test = the whole 30 %.
 *
 *   nice -n 10 node packages/model/scripts/run-ts.mjs packages/baselines/scripts/neural-check.ts \
 *     [--detectors devnet,deepsad,dagmm,supervised-mlp] [--sets 6_cardio,...] [--seeds 0,1,2] \
 *     [--backend onnx] [--options '{"devnet":{"epochs":2}}'] [--json out.json]
 *
 * Prints one markdown table (AUC-ROC, AUC-PR, fit seconds per detector × set, mean of the
 * seeds, with the minimum AUC-ROC over seeds) and fails when a score is not finite.
 */
import '@a3/backend-onnx';
import '@a3/backend-tfjs';
import '@a3/baselines';
import { writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { TensorData } from '@a3/core';
import { npyToNumbers, readNpz, semiSupervisedSplit } from '@a3/data';
import { averagePrecision, rocAuc } from '@a3/metrics';
import { createDetector, type JsonObject } from '@a3/model';

const DEFAULT_SETS = ['6_cardio', '38_thyroid', '32_shuttle', '26_optdigits', '27_PageBlocks', '29_Pima'];

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}

const detectors = arg('detectors', 'devnet,deepsad,dagmm,supervised-mlp').split(',');
const sets = arg('sets', DEFAULT_SETS.join(',')).split(',');
const seeds = arg('seeds', '0,1,2').split(',').map(Number);
const backend = arg('backend', 'onnx');
const options = JSON.parse(arg('options', '{}')) as Record<string, JsonObject>;
const jsonOut = arg('json', '');
const dataDir = resolve(process.env.A3_SHARED_DATA ?? join(process.cwd(), '..', 'shared', 'data'), 'adbench');

interface Split {
  train: { x: TensorData<'float32'>; y: Uint8Array };
  test: { x: TensorData<'float32'>; y: Uint8Array };
  nKnown: number;
}

function protocolSplit(file: string, seed: number): Split {
  const arrays = readNpz(file);
  const X = arrays.get('X')!;
  const [n, d] = X.shape;
  const xv = npyToNumbers(X);
  const yv = npyToNumbers(arrays.get('y')!);
  const labels = Array.from(yv, (v) => (v === 1 ? 'anomaly' : 'normal'));
  const base = {
    normal: ['normal'],
    known: ['anomaly'],
    testAnomalies: ['anomaly'],
    seed,
    validationFraction: 0,
    testFraction: 0.3,
  };
  const probe = semiSupervisedSplit(labels, { ...base, nKnown: 0 });
  const anomalies = yv.reduce((s, v) => s + (v === 1 ? 1 : 0), 0);
  const trainAnomalies = anomalies - probe.test.y.reduce((s, v) => s + v, 0);
  const nKnown = Math.max(5, Math.round(0.05 * trainAnomalies));
  const split = semiSupervisedSplit(labels, { ...base, nKnown });
  // Min-max fitted on the training normals (constant columns map to 0).
  const lo = new Float64Array(d).fill(Infinity);
  const hi = new Float64Array(d).fill(-Infinity);
  split.train.indices.forEach((r, k) => {
    if (split.train.y[k] !== 0) return;
    for (let j = 0; j < d; j++) {
      lo[j] = Math.min(lo[j], xv[r * d + j]);
      hi[j] = Math.max(hi[j], xv[r * d + j]);
    }
  });
  const rows = (idx: Int32Array) => {
    const out = new Float32Array(idx.length * d);
    idx.forEach((r, k) => {
      for (let j = 0; j < d; j++) {
        const span = hi[j] - lo[j];
        out[k * d + j] = span > 0 ? (xv[r * d + j] - lo[j]) / span : 0;
      }
    });
    return TensorData.float32([idx.length, d], out);
  };
  void n;
  return {
    train: { x: rows(split.train.indices), y: split.train.y },
    test: { x: rows(split.test.indices), y: split.test.y },
    nKnown,
  };
}

interface Cell {
  set: string;
  detector: string;
  seed: number;
  nKnown: number;
  aucRoc: number;
  aucPr: number;
  fitSeconds: number;
  finite: boolean;
}

const cells: Cell[] = [];
for (const set of sets) {
  const file = join(dataDir, `${set}.npz`);
  for (const seed of seeds) {
    const split = protocolSplit(file, seed);
    for (const name of detectors) {
      const det = createDetector(name, options[name] ?? {});
      const t0 = performance.now();
      await det.fit(split.train, { backend, seed });
      const fitSeconds = (performance.now() - t0) / 1000;
      const scores = await det.score(split.test.x);
      det.dispose();
      const finite = scores.every((s) => Number.isFinite(s));
      const cell: Cell = {
        set: basename(file, '.npz'),
        detector: name,
        seed,
        nKnown: split.nKnown,
        aucRoc: finite ? rocAuc(split.test.y, scores) : NaN,
        aucPr: finite ? averagePrecision(split.test.y, scores) : NaN,
        fitSeconds,
        finite,
      };
      cells.push(cell);
      console.error(
        `${cell.set} seed ${seed} ${name}: AUC-ROC ${cell.aucRoc.toFixed(3)} AUC-PR ${cell.aucPr.toFixed(3)} fit ${fitSeconds.toFixed(1)} s${finite ? '' : ' NON-FINITE'}`,
      );
    }
  }
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
console.log(
  `\nbackend ${backend}, seeds ${seeds.join(',')}: AUC-ROC mean (min over seeds) / AUC-PR mean / fit s mean\n`,
);
console.log(`| data set | N known | ${detectors.join(' | ')} |`);
console.log(`|---|---|${detectors.map(() => '---').join('|')}|`);
for (const set of sets) {
  const row = detectors.map((d) => {
    const c = cells.filter((x) => x.set === set && x.detector === d);
    const roc = c.map((x) => x.aucRoc);
    return `${mean(roc).toFixed(3)} (${Math.min(...roc).toFixed(3)}) / ${mean(c.map((x) => x.aucPr)).toFixed(3)} / ${mean(c.map((x) => x.fitSeconds)).toFixed(1)}`;
  });
  const nKnown = cells.find((x) => x.set === set)?.nKnown ?? 0;
  console.log(`| ${set} | ${nKnown} | ${row.join(' | ')} |`);
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ backend, seeds, cells }, null, 2));
const nonFinite = cells.filter((c) => !c.finite);
if (nonFinite.length > 0) {
  console.error(
    `non-finite scores: ${nonFinite.map((c) => `${c.set}/${c.detector}/seed ${c.seed}`).join(', ')}`,
  );
  process.exit(1);
}
