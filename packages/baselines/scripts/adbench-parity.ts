/**
 * iforest and lof against scikit-learn on the six ADBench development sets, with the protocol of
 * ../shared/PEERS.md: seeded 70/30 split stratified by label (@a3/data's semiSupervisedSplit, the
 * split `a3 compare` uses), min-max fitted on the training normals, both detectors fitted on the
 * training normals and scored on the whole test part; mean AUC-ROC over the seeds.
 *
 * Run from the repository root:
 *   node packages/model/scripts/run-ts.mjs packages/baselines/scripts/adbench-parity.ts \
 *     [--data-dir ../shared/data/adbench] [--seeds 0,1,2] [--forests 1] [--detectors iforest,lof]
 *     [--backend onnx] [--out parity.json]
 *   /work/pyenv/bin/python packages/baselines/scripts/adbench-parity.py parity.json
 * The first prints a3's table and writes, per set and seed, the split's row indices and a3's AUCs;
 * the second scores scikit-learn's IsolationForest / LocalOutlierFactor(novelty=True) on exactly
 * those rows with the same scaling, so split noise and implementation differences separate.
 * `--forests K` averages K forests (seeds 0..K-1 per split) to shrink the forest's own noise.
 * `--splits FILE` uses given splits instead ({ set: { seed: { trainNormals, test } } } row indices),
 * e.g. the scikit-learn train_test_split ones PEERS.md's numbers come from:
 *   /work/pyenv/bin/python packages/baselines/scripts/adbench-parity.py --write-splits splits.json
 */
import '@a3/backend-onnx';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TensorData } from '@a3/core';
import { MinMax, readNpz, semiSupervisedSplit } from '@a3/data';
import { rocAuc } from '@a3/metrics';
import { IsolationForest, LocalOutlierFactor } from '@a3/baselines';

/** The sets, N known, and PEERS.md's AUC-ROC columns (scikit-learn 1.2, mean of seeds 0–2). */
const SETS: Record<string, { nKnown: number; IF: number; LOF: number }> = {
  '6_cardio': { nKnown: 6, IF: 0.954, LOF: 0.952 },
  '38_thyroid': { nKnown: 5, IF: 0.992, LOF: 0.984 },
  '32_shuttle': { nKnown: 123, IF: 0.997, LOF: 0.998 },
  '26_optdigits': { nKnown: 5, IF: 0.828, LOF: 0.997 },
  '27_PageBlocks': { nKnown: 18, IF: 0.927, LOF: 0.932 },
  '29_Pima': { nKnown: 9, IF: 0.721, LOF: 0.697 },
};

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const dataDir = resolve(arg('data-dir', '../shared/data/adbench'));
const seeds = arg('seeds', '0,1,2').split(',').map(Number);
const forests = Number(arg('forests', '1'));
const backend = arg('backend', 'onnx');
const out = arg('out', '');
const detectors = arg('detectors', 'iforest,lof').split(',');
const splitsFile = arg('splits', '');
type Given = Record<string, Record<string, { trainNormals: number[]; test: number[] }>>;
const given: Given | null = splitsFile ? (JSON.parse(readFileSync(splitsFile, 'utf8')) as Given) : null;

interface SeedResult {
  seed: number;
  trainNormals: number[];
  test: number[];
  iforest: number | null;
  lof: number | null;
  seconds: { iforest: number; lof: number };
}
const results: Record<string, SeedResult[]> = {};
const mean = (v: (number | null)[]) => v.reduce<number>((a, b) => a + (b ?? NaN), 0) / v.length;

for (const [name, info] of Object.entries(SETS)) {
  const arrays = readNpz(join(dataDir, `${name}.npz`));
  const X = arrays.get('X')!;
  const yRaw = arrays.get('y')!;
  const [n, d] = X.shape;
  const x = new TensorData([n, d], 'float32', Float32Array.from(X.data as ArrayLike<number>));
  const labels = Array.from(yRaw.data as ArrayLike<number>, (v) => (Number(v) === 1 ? 'anomaly' : 'normal'));
  results[name] = [];
  for (const seed of seeds) {
    let trainNormals: number[];
    let testRows: number[];
    if (given) {
      ({ trainNormals, test: testRows } = given[name][String(seed)]);
    } else {
      const split = semiSupervisedSplit(labels, {
        normal: ['normal'],
        known: ['anomaly'],
        nKnown: info.nKnown,
        testAnomalies: ['anomaly'],
        seed,
        validationFraction: 0,
        testFraction: 0.3,
      });
      trainNormals = Array.from(split.train.indices).filter((_, i) => split.train.y[i] === 0);
      testRows = Array.from(split.test.indices);
    }
    const scaler = MinMax.fit(x.gatherRows(trainNormals));
    const train = scaler.transform(x.gatherRows(trainNormals));
    const test = scaler.transform(x.gatherRows(testRows));
    const yTest = testRows.map((i) => (labels[i] === 'anomaly' ? 1 : 0));
    let t0 = performance.now();
    let ifAuc: number | null = detectors.includes('iforest') ? 0 : null;
    for (let f = 0; ifAuc !== null && f < forests; f++) {
      const forest = await new IsolationForest({ seed: forests === 1 ? seed : f }).fit({ x: train });
      ifAuc += rocAuc(yTest, await forest.score(test)) / forests;
    }
    const ifSeconds = (performance.now() - t0) / 1000;
    t0 = performance.now();
    let lofAuc: number | null = null;
    if (detectors.includes('lof')) {
      const lof = await new LocalOutlierFactor().fit({ x: train }, { backend });
      lofAuc = rocAuc(yTest, await lof.score(test));
      lof.dispose();
    }
    const lofSeconds = (performance.now() - t0) / 1000;
    results[name].push({
      seed,
      trainNormals,
      test: testRows,
      iforest: ifAuc,
      lof: lofAuc,
      seconds: { iforest: ifSeconds, lof: lofSeconds },
    });
    console.error(
      `${name} seed ${seed}: ${trainNormals.length} training normals, ${yTest.length} test rows; ` +
        `iforest ${ifAuc?.toFixed(4)} (${ifSeconds.toFixed(1)} s), lof ${lofAuc?.toFixed(4)} (${lofSeconds.toFixed(1)} s)`,
    );
  }
}

console.log(`| data set | iforest (a3) | IF (PEERS) | Δ | lof (a3) | LOF (PEERS) | Δ |`);
console.log(`|---|---|---|---|---|---|---|`);
for (const [name, info] of Object.entries(SETS)) {
  const r = results[name];
  const ifm = mean(r.map((s) => s.iforest));
  const lofm = mean(r.map((s) => s.lof));
  const delta = (a: number, b: number) => `${a - b >= 0 ? '+' : ''}${(a - b).toFixed(3)}`;
  console.log(
    `| ${name} | ${ifm.toFixed(3)} | ${info.IF.toFixed(3)} | ${delta(ifm, info.IF)} | ${lofm.toFixed(3)} | ${info.LOF.toFixed(3)} | ${delta(lofm, info.LOF)} |`,
  );
}
if (out) {
  writeFileSync(
    out,
    JSON.stringify({
      dataDir,
      seeds,
      forests,
      splits: splitsFile || 'semiSupervisedSplit',
      sets: SETS,
      results,
    }),
  );
  console.error(`wrote ${out}`);
}
