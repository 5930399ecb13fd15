/**
 * The README's example, runnable: node packages/model/scripts/run-ts.mjs packages/model/scripts/quickstart.ts
 */
import '@a3/backend-onnx'; // registers 'onnx'; or import '@a3/backend-tfjs' for 'tfjs-cpu'
import { Rng, TensorData } from '@a3/core';
import { rocAuc } from '@a3/metrics';
import { A3Detector } from '@a3/model';

// Toy data in [0, 1]: normal rows near one centre; anomalies near others.
const rng = new Rng(1);
const around = (centre: number, n: number) =>
  Array.from({ length: n }, () =>
    Array.from({ length: 10 }, () => Math.min(1, Math.max(0, rng.normal(centre, 0.05)))),
  );
const trainX = TensorData.fromRows([...around(0.3, 500), ...around(0.8, 10)]);
const trainY = [...Array(500).fill(0), ...Array(10).fill(1)]; // 10 known anomalies
const testX = TensorData.fromRows([...around(0.3, 100), ...around(0.6, 100)]); // unseen kind of anomaly
const testY = [...Array(100).fill(0), ...Array(100).fill(1)];

const detector = new A3Detector({
  targetOptions: { encoder: [32, 16, 8] }, // dense-ae; the paper's [200, 100, 50, 25] is the default
  alarm: { hidden: [64, 32] }, // paper: [1000, 500, 200, 75]
  targetTraining: { epochs: 10, batchSize: 64, learningRate: 1e-3 },
  alarmTraining: { epochs: 20, batchSize: 64, learningRate: 1e-3 }, // paper: 60 epochs, lr 1e-5
  contamination: 0.02, // fit sets the threshold that flags 2% of the training rows (default 0.1)
  seed: 42,
});
// x is scaled by the detector itself (min-max fitted here, saved with the model).
await detector.fit({ x: trainX, y: trainY }, { backend: 'onnx' });

const scores = await detector.score(testX); // Float32Array in [0, 1]
console.log('AUC-ROC', rocAuc(testY, scores).toFixed(3));

// predict works right after fit; calibrateThreshold(x, ...) or setThreshold(t) change the threshold.
console.log(
  'flagged',
  (await detector.predict(testX)).reduce((n, v) => n + v, 0),
  'of',
  testY.length,
);

// a3.json + weights.safetensors; force: replace the model an earlier run saved there
await detector.save('/tmp/a3-quickstart', { force: true });
const loaded = await A3Detector.load('/tmp/a3-quickstart', { backend: 'onnx' });
console.log(
  'same scores after load:',
  (await loaded.score(testX)).every((s, i) => Math.abs(s - scores[i]) < 1e-6),
);
