/**
 * The README's neural-baselines example, runnable:
 *   node packages/model/scripts/run-ts.mjs packages/baselines/scripts/neural-example.ts
 */
import '@a3/backend-onnx'; // registers 'onnx'; or import '@a3/backend-tfjs' for 'tfjs-cpu'
import '@a3/baselines'; // registers devnet, deepsad, dagmm, supervised-mlp (and the others)
import { Rng, TensorData } from '@a3/core';
import { rocAuc } from '@a3/metrics';
import { createDetector, loadDetector } from '@a3/model';

// Toy data in [0, 1]: normal rows near 0.3, anomalies near 0.8; 10 known anomalies in training.
const rng = new Rng(1);
const around = (centre: number, n: number) =>
  Array.from({ length: n }, () =>
    Array.from({ length: 8 }, () => Math.min(1, Math.max(0, rng.normal(centre, 0.05)))),
  );
const x = TensorData.fromRows([...around(0.3, 500), ...around(0.8, 10)]);
const y = [...Array(500).fill(0), ...Array(10).fill(1)];
const testX = TensorData.fromRows([...around(0.3, 100), ...around(0.8, 100)]);
const testY = [...Array(100).fill(0), ...Array(100).fill(1)];

for (const name of ['devnet', 'deepsad', 'dagmm', 'supervised-mlp']) {
  const detector = await createDetector(name, { seed: 7 }).fit({ x, y }, { backend: 'onnx' });
  const scores = await detector.score(testX); // higher = more anomalous
  const flagged = (await detector.predict(testX)).reduce((n, v) => n + v, 0); // threshold: 10 % of training rows
  await detector.save(`/tmp/a3-${name}`); // a3.json + weights.safetensors
  const loaded = await loadDetector(`/tmp/a3-${name}`, { backend: 'onnx' }); // any backend
  const same = (await loaded.score(testX)).every((s, i) => s === scores[i]);
  console.log(name, 'AUC-ROC', rocAuc(testY, scores).toFixed(3), 'flagged', flagged, 'same after load', same);
}
