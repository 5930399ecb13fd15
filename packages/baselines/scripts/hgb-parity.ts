/**
 * hgb against scikit-learn's HistGradientBoostingClassifier(class_weight="balanced") on the six
 * ADBench development sets, with the protocol of ../shared/PEERS.md: seeded 70/30 split stratified
 * by label (@a3/data's semiSupervisedSplit, the split `a3 compare` and neural-check.ts use),
 * N known = round(5 % of the training anomalies), at least 5; min-max fitted on the training
 * normals; fit on the training normals + the N known; scored on the whole test part.
 *
 * Run from the repository root:
 *   nice -n 10 node packages/model/scripts/run-ts.mjs packages/baselines/scripts/hgb-parity.ts \
 *     [--data-dir ../shared/data/adbench] [--seeds 0,1,2] [--sets 6_cardio,...] [--out hgb-parity.json]
 *     [--mnist]
 *   nice -n 10 /work/pyenv/bin/python packages/baselines/scripts/hgb-parity.py hgb-parity.json
 * or, on PEERS.md's own split (scikit-learn's train_test_split, known anomalies drawn with
 * RandomState(seed).choice, as the script that produced PEERS.md):
 *   /work/pyenv/bin/python packages/baselines/scripts/hgb-parity.py --write-splits splits.json
 *   node packages/model/scripts/run-ts.mjs packages/baselines/scripts/hgb-parity.ts --splits splits.json --out hgb-parity.json
 *   /work/pyenv/bin/python packages/baselines/scripts/hgb-parity.py hgb-parity.json
 * The first prints a3's table and writes, per set and seed, the split's rows and a3's AUCs; the
 * second fits scikit-learn on exactly those rows with the same scaling, so split noise and
 * implementation differences separate. `--mnist` adds a timing run on MNIST (normal digits 0–5
 * of the training set, 100 known 6s and 7s; test: the test set, anomalies 6–9).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TensorData } from '@a3/core';
import { loadMnist, MinMax, readNpz, semiSupervisedSplit } from '@a3/data';
import { averagePrecision, rocAuc } from '@a3/metrics';
import { HistGradientBoosting } from '@a3/baselines';

/** PEERS.md's HGB column (scikit-learn 1.2, mean of seeds 0–2): AUC-ROC, AUC-PR. */
const PEERS: Record<string, { roc: number; pr: number }> = {
  '6_cardio': { roc: 0.979, pr: 0.864 },
  '38_thyroid': { roc: 0.987, pr: 0.929 },
  '32_shuttle': { roc: 0.998, pr: 0.998 },
  '26_optdigits': { roc: 0.976, pr: 0.945 },
  '27_PageBlocks': { roc: 0.968, pr: 0.858 },
  '29_Pima': { roc: 0.72, pr: 0.585 },
};

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const dataDir = resolve(arg('data-dir', '../shared/data/adbench'));
const seeds = arg('seeds', '0,1,2').split(',').map(Number);
const sets = arg('sets', Object.keys(PEERS).join(',')).split(',');
const out = arg('out', '');
/** Per set and seed: training rows (normals + the N known), their labels, test rows. */
type GivenSplit = { train: number[]; trainY: number[]; test: number[] };
const splitsFile = arg('splits', '');
const given = splitsFile
  ? (JSON.parse(readFileSync(splitsFile, 'utf8')) as Record<string, Record<string, GivenSplit>>)
  : null;
const splitName = given ? 'PEERS.md' : 'semiSupervisedSplit';

interface Run {
  seed: number;
  nKnown: number;
  train: number[];
  trainY: number[];
  trainNormals: number[];
  test: number[];
  roc: number;
  pr: number;
  trees: number;
  fitSeconds: number;
  scoreSeconds: number;
  /** CPU time of fit + score (the wall clock counts other jobs on a shared machine). */
  cpuSeconds: number;
}
const results: Record<string, Run[]> = {};
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

for (const name of sets) {
  const arrays = readNpz(join(dataDir, `${name}.npz`));
  const X = arrays.get('X')!;
  const [n, d] = X.shape;
  const x = new TensorData([n, d], 'float32', Float32Array.from(X.data as ArrayLike<number>));
  const labels = Array.from(arrays.get('y')!.data as ArrayLike<number>, (v) =>
    Number(v) === 1 ? 'anomaly' : 'normal',
  );
  results[name] = [];
  for (const seed of seeds) {
    const base = {
      normal: ['normal'],
      known: ['anomaly'],
      testAnomalies: ['anomaly'],
      seed,
      validationFraction: 0,
      testFraction: 0.3,
    };
    // N known = 5 % of the training anomalies (at least 5), as neural-check.ts counts them.
    const probe = semiSupervisedSplit(labels, { ...base, nKnown: 0 });
    const anomalies = labels.filter((l) => l === 'anomaly').length;
    const trainAnomalies = anomalies - probe.test.y.reduce((s, v) => s + v, 0);
    const g = given?.[name]?.[String(seed)];
    const nKnown = g ? g.trainY.reduce((a, b) => a + b, 0) : Math.max(5, Math.round(0.05 * trainAnomalies));
    const split = g
      ? {
          train: { indices: Int32Array.from(g.train), y: Uint8Array.from(g.trainY) },
          test: {
            indices: Int32Array.from(g.test),
            y: Uint8Array.from(g.test, (r) => (labels[r] === 'anomaly' ? 1 : 0)),
          },
        }
      : semiSupervisedSplit(labels, { ...base, nKnown });
    const trainRows = Array.from(split.train.indices);
    const trainNormals = trainRows.filter((_, i) => split.train.y[i] === 0);
    const scaler = MinMax.fit(x.gatherRows(trainNormals));
    const train = scaler.transform(x.gatherRows(trainRows));
    const test = scaler.transform(x.gatherRows(split.test.indices));
    const cpu0 = process.cpuUsage();
    let t0 = performance.now();
    const m = await new HistGradientBoosting().fit({ x: train, y: split.train.y }, { seed });
    const fitSeconds = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const s = await m.score(test);
    const scoreSeconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const run: Run = {
      seed,
      nKnown,
      train: trainRows,
      trainY: Array.from(split.train.y),
      trainNormals,
      test: Array.from(split.test.indices),
      roc: rocAuc(split.test.y, s),
      pr: averagePrecision(split.test.y, s),
      trees: m.training.trees as number,
      fitSeconds,
      scoreSeconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
    results[name].push(run);
    console.error(
      `${name} seed ${seed}: N known ${nKnown}, ${trainRows.length} training rows, ${run.trees} trees; ` +
        `AUC-ROC ${run.roc.toFixed(4)} AUC-PR ${run.pr.toFixed(4)}; fit ${fitSeconds.toFixed(2)} s, score ${scoreSeconds.toFixed(3)} s`,
    );
  }
}

console.log(
  '| data set | N known | hgb AUC-ROC | HGB (PEERS) | hgb AUC-PR | HGB (PEERS) | trees | fit s | score s | fit + score CPU s |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const name of sets) {
  const r = results[name];
  const p = PEERS[name];
  const m = (f: (x: Run) => number, digits: number) => mean(r.map(f)).toFixed(digits);
  console.log(
    `| ${name} | ${r[0].nKnown} | ${m((x) => x.roc, 3)} | ${p?.roc.toFixed(3) ?? '–'} | ${m((x) => x.pr, 3)} | ` +
      `${p?.pr.toFixed(3) ?? '–'} | ${m((x) => x.trees, 0)} | ${m((x) => x.fitSeconds, 2)} | ` +
      `${m((x) => x.scoreSeconds, 3)} | ${m((x) => x.cpuSeconds, 2)} |`,
  );
}
if (out) {
  writeFileSync(out, JSON.stringify({ dataDir, seeds, split: splitName, results }));
  console.error(`wrote ${out}`);
}

if (process.argv.includes('--mnist')) {
  const mnist = await loadMnist({ flatten: true });
  const pick = (labels: readonly string[], keep: (l: string) => boolean) =>
    labels.flatMap((l, i) => (keep(l) ? [i] : []));
  const normal = (l: string) => '012345'.includes(l);
  const trainNormals = pick(mnist.train.labels, normal);
  // 100 known anomalies: the first 50 sixes and 50 sevens of the training set.
  const known = [
    ...pick(mnist.train.labels, (l) => l === '6').slice(0, 50),
    ...pick(mnist.train.labels, (l) => l === '7').slice(0, 50),
  ];
  const rows = [...trainNormals, ...known];
  const x = mnist.train.x.gatherRows(rows);
  const y = rows.map((_, i) => (i < trainNormals.length ? 0 : 1));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const m = await new HistGradientBoosting().fit({ x, y });
  const cpu = process.cpuUsage(cpu0);
  const fitSeconds = (performance.now() - t0) / 1000;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const s = await m.score(mnist.test.x);
  const yTest = mnist.test.labels.map((l) => (normal(l) ? 0 : 1));
  const sub = pick(mnist.test.labels, (l) => normal(l) || l === '6' || l === '7');
  const result = {
    train: rows,
    fitSeconds,
    cpuSeconds,
    trees: m.training.trees as number,
    roc: rocAuc(yTest, s),
    pr: averagePrecision(yTest, s),
    roc67: rocAuc(
      sub.map((i) => yTest[i]),
      Float32Array.from(sub, (i) => s[i]),
    ),
  };
  console.log(
    `MNIST ${x.shape[0]} x ${x.size / x.shape[0]}: fit ${fitSeconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s CPU), ` +
      `${result.trees} trees (early stopping ${String(m.training.earlyStopping)}); test 6–9 AUC-ROC ` +
      `${result.roc.toFixed(3)} AUC-PR ${result.pr.toFixed(3)}; 6, 7 only AUC-ROC ${result.roc67.toFixed(3)}`,
  );
  if (out) writeFileSync(out, JSON.stringify({ dataDir, seeds, split: splitName, results, mnist: result }));
}
