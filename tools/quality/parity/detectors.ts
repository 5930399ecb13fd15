// a3's IsolationForest and LocalOutlierFactor on the splits sklearn_parity.py writes: AUC-ROCs per
// split, one per forest seed for iforest and one for lof (deterministic).
// Input: a manifest JSON { splits: [{ name, d, train, test, y }] } with float32 / uint8 files.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import '@a3/backend-onnx';
import { IsolationForest, LocalOutlierFactor } from '@a3/baselines';
import { TensorData } from '@a3/core';
import { rocAuc } from '@a3/metrics';

interface Split {
  name: string;
  d: number;
  train: string;
  test: string;
  y: string;
}

const floats = (file: string) => {
  const b = readFileSync(file);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4).slice();
};

const [manifestPath, forestSeeds, outPath] = process.argv.slice(2);
if (!manifestPath || !forestSeeds || !outPath) {
  throw new Error(
    'usage: node packages/model/scripts/run-ts.mjs tools/quality/parity/detectors.ts MANIFEST N_FOREST_SEEDS OUT_JSON',
  );
}
const dir = dirname(manifestPath);
const { splits } = JSON.parse(readFileSync(manifestPath, 'utf8')) as { splits: Split[] };
const out: Record<string, { iforest: number[]; lof: number }> = {};
for (const s of splits) {
  const train = floats(join(dir, s.train));
  const test = floats(join(dir, s.test));
  const y = new Uint8Array(readFileSync(join(dir, s.y)));
  const x = new TensorData([train.length / s.d, s.d], 'float32', train);
  const xt = new TensorData([test.length / s.d, s.d], 'float32', test);
  const lof = await new LocalOutlierFactor().fit({ x });
  out[s.name] = { iforest: [], lof: rocAuc(y, await lof.score(xt)) };
  for (let seed = 0; seed < Number(forestSeeds); seed++) {
    const forest = await new IsolationForest({ seed }).fit({ x });
    out[s.name].iforest.push(rocAuc(y, await forest.score(xt)));
  }
}
writeFileSync(outPath, JSON.stringify(out));
