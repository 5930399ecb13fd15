/**
 * The README's example for iforest, lof and ae, runnable from the repository root:
 *   node packages/model/scripts/run-ts.mjs packages/baselines/scripts/classic-example.ts
 */
import '@a3/backend-onnx'; // registers 'onnx'; or import '@a3/backend-tfjs' for 'tfjs-cpu'
import '@a3/baselines'; // registers iforest, lof, ae (and the others)
import { Rng, TensorData } from '@a3/core';
import { rocAuc } from '@a3/metrics';
import { createDetector, loadDetector, type JsonObject } from '@a3/model';

// Toy data in [0, 1]: normal rows near 0.3, anomalies near 0.6 (none of them in training).
const rng = new Rng(1);
const around = (centre: number, n: number) =>
  Array.from({ length: n }, () =>
    Array.from({ length: 8 }, () => Math.min(1, Math.max(0, rng.normal(centre, 0.05)))),
  );
const x = TensorData.fromRows(around(0.3, 1000));
const testX = TensorData.fromRows([...around(0.3, 100), ...around(0.6, 100)]);
const testY = [...Array(100).fill(0), ...Array(100).fill(1)];

const detectors: [string, JsonObject][] = [
  ['iforest', {}], // 100 trees on min(256, n) rows, as scikit-learn
  ['lof', {}], // k = 20, novelty mode, as scikit-learn
  ['ae', { targetOptions: { encoder: [16, 8, 4] }, epochs: 20, batchSize: 64 }], // A³'s dense-ae target alone
];
for (const [name, options] of detectors) {
  const detector = await createDetector(name, options).fit({ x }, { backend: 'onnx', seed: 7 });
  const scores = await detector.score(testX); // higher = more anomalous
  const flagged = (await detector.predict(testX)).reduce((n, v) => n + v, 0); // threshold: 10 % of training rows
  await detector.save(`/tmp/a3-${name}`); // a3.json + weights.safetensors
  const loaded = await loadDetector(`/tmp/a3-${name}`, { backend: 'onnx' });
  const same = (await loaded.score(testX)).every((s, i) => s === scores[i]);
  console.log(name, 'AUC-ROC', rocAuc(testY, scores).toFixed(3), 'flagged', flagged, 'same after load', same);
}
