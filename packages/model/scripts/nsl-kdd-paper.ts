/**
 * The A³ paper's NSL-KDD setup, end to end:
 *   data    KDDTrain+_20Percent (train) / KDDTest+ (test), one-hot (122 features) + min-max fitted on train
 *   split   normal vs known {DoS, Probe} with 100 known anomalies; 5% validation; test anomalies = all four families
 *   model   dense-ae [200,100,50,25] (30 epochs, batch 256), alarm [1000,500,200,75] (Adam 1e-5, 60 epochs,
 *           batch 256), gaussian N(0.5, 1) counter-examples, anomalyLossWeight 1
 *   metrics AUC-ROC and AUC-PR (average precision) on the test split, per seed and the median
 *
 * Run (from the repo root; takes minutes):
 *   node packages/model/scripts/run-ts.mjs packages/model/scripts/nsl-kdd-paper.ts \
 *     [--backend onnx] [--seeds 2409,2903,3003] [--data /work/shared/data/nsl-kdd] [--save DIR] [--quick]
 */
import '@a3/backend-onnx';
import '@a3/backend-tfjs';
import { applySplit, getRecipe, semiSupervisedSplit } from '@a3/data';
import { averagePrecision, rocAuc } from '@a3/metrics';
import { A3Detector, type A3DetectorConfig, type A3ProgressEvent } from '@a3/model';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const backend = arg('backend', 'onnx');
const seeds = arg('seeds', '2409,2903,3003').split(',').map(Number);
const dataDir = arg('data', '/work/shared/data/nsl-kdd');
const saveDir = arg('save', '');
const quick = process.argv.includes('--quick');

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)];
const fmt = (v: number) => v.toFixed(4);

const dataset = await getRecipe('nsl-kdd').load({
  path: dataDir,
  trainFile: 'KDDTrain+_20Percent',
  testFile: 'KDDTest+',
});
console.log(
  `NSL-KDD: train ${dataset.train.x.shape.join('×')}, test ${dataset.test.x.shape.join('×')}; ${dataset.notes.join('; ')}`,
);

const results: { seed: number; auroc: number; aupr: number; seconds: number }[] = [];
for (const seed of seeds) {
  const split = semiSupervisedSplit(
    { train: dataset.train.labels, test: dataset.test.labels },
    {
      normal: ['normal'],
      known: ['DoS', 'Probe'],
      nKnown: 100,
      testAnomalies: ['DoS', 'Probe', 'R2L', 'U2R'],
      seed,
    },
  );
  const parts = applySplit(split, { train: dataset.train.x, test: dataset.test.x });
  const config: A3DetectorConfig = {
    target: 'dense-ae',
    targetOptions: { encoder: [200, 100, 50, 25] },
    alarm: { hidden: [1000, 500, 200, 75], dropout: 0.1 },
    anomaly: 'gaussian',
    anomalyOptions: { mean: 0.5, std: 1 },
    anomalyLossWeight: 1,
    targetTraining: { epochs: quick ? 3 : 30, batchSize: 256, learningRate: 1e-3 },
    alarmTraining: { epochs: quick ? 3 : 60, batchSize: 256, learningRate: 1e-5 },
    // The recipe already one-hot encodes and min-max scales on the training file, as the paper.
    preprocessing: 'none',
    seed,
  };
  const started = performance.now();
  let lastPhase = '';
  const onProgress = (e: A3ProgressEvent) => {
    if (e.type !== 'epoch') return;
    if (e.phase !== lastPhase || e.epoch === e.epochs || e.epoch % 10 === 0) {
      const val = e.valLoss === undefined ? '' : ` val ${e.valLoss.toFixed(4)}`;
      console.log(
        `  seed ${seed} ${e.phase} epoch ${e.epoch}/${e.epochs}: loss ${e.loss.toFixed(4)}${val} (${e.elapsedSeconds.toFixed(0)} s)`,
      );
      lastPhase = e.phase;
    }
  };
  const detector = await new A3Detector(config).fit(
    { x: parts.train.x, y: split.train.y },
    { backend, onProgress, validation: { x: parts.validation.x, y: split.validation.y } },
  );
  const scores = await detector.score(parts.test.x);
  const auroc = rocAuc(split.test.y, scores);
  const aupr = averagePrecision(split.test.y, scores);
  const seconds = (performance.now() - started) / 1000;
  results.push({ seed, auroc, aupr, seconds });
  console.log(
    `seed ${seed}: AUC-ROC ${fmt(auroc)}  AUC-PR ${fmt(aupr)}  (train ${split.train.y.length} rows, ` +
      `${split.train.y.reduce((n, v) => n + v, 0)} known; test ${split.test.y.length}; ${seconds.toFixed(0)} s on ${backend})`,
  );
  if (saveDir) {
    detector.preprocessing = dataset.preprocessor?.toJSON() ?? null;
    detector.protocol = {
      dataset: 'nsl-kdd',
      normal: ['normal'],
      known: ['DoS', 'Probe'],
      nKnown: 100,
      testAnomalies: ['DoS', 'Probe', 'R2L', 'U2R'],
      seed,
    };
    await detector.save(`${saveDir}/seed-${seed}`, { force: true });
  }
  detector.dispose();
}

const auroc = median(results.map((r) => r.auroc));
const aupr = median(results.map((r) => r.aupr));
console.log(
  `\nmedian over seeds ${seeds.join(', ')} on ${backend}: AUC-ROC ${fmt(auroc)}  AUC-PR ${fmt(aupr)}`,
);
console.log(
  `paper-setup targets: AUC-ROC ≥ 0.94 ${auroc >= 0.94 ? 'met' : 'NOT met'}; AUC-PR ≥ 0.945 ${aupr >= 0.945 ? 'met' : 'NOT met'}`,
);
console.log(JSON.stringify({ backend, results, median: { auroc, aupr } }));
