import '@a3/baselines'; // registers 'hgb'
import { Rng, TensorData } from '@a3/core';
import { rocAuc } from '@a3/metrics';
import { createDetector, loadDetector } from '@a3/model';

// Normal rows near 0.3; a few known anomalies near 0.7 (label 1).
const rng = new Rng(2);
const rows = (centre: number, n: number) =>
  Array.from({ length: n }, () => Array.from({ length: 6 }, () => rng.normal(centre, 0.1)));
const x = TensorData.fromRows([...rows(0.3, 500), ...rows(0.7, 10)]);
const y = [...Array<number>(500).fill(0), ...Array<number>(10).fill(1)];
const testX = TensorData.fromRows([...rows(0.3, 100), ...rows(0.7, 20)]);
const testY = [...Array<number>(100).fill(0), ...Array<number>(20).fill(1)];

const hgb = await createDetector('hgb').fit({ x, y }, { seed: 0 });
const logOdds = await hgb.score(testX); // higher = more anomalous
const flagged = (await hgb.predict(testX)).reduce((n, v) => n + v, 0); // log-odds >= 0
await hgb.save('/tmp/a3-hgb', { force: true }); // a3.json + weights.safetensors
const loaded = await loadDetector('/tmp/a3-hgb');
const same = (await loaded.score(testX)).every((s, i) => s === logOdds[i]);
console.log('AUC-ROC', rocAuc(testY, logOdds).toFixed(3), 'flagged', flagged, 'same after load', same);
