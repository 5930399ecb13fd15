// a3's IsolationForest and LocalOutlierFactor on the splits sklearn_parity.py writes: AUC-ROCs per
// split, one per forest seed for iforest and one for lof (deterministic).
// Input: a manifest JSON { splits: [{ name, file }] }, each file an .npz of float32 `train` and
// `test` rows and the test labels `y`, read with @a3/data's NPZ reader.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import '@a3/backend-onnx';
import { IsolationForest, LocalOutlierFactor } from '@a3/baselines';
import { npyToNumbers, npyToTensor, readNpz } from '@a3/data';
import { rocAuc } from '@a3/metrics';

const [manifestPath, forestSeeds, outPath] = process.argv.slice(2);
if (!manifestPath || !forestSeeds || !outPath) {
  throw new Error(
    'usage: node packages/model/scripts/run-ts.mjs tools/quality/parity/detectors.ts MANIFEST N_FOREST_SEEDS OUT_JSON',
  );
}
const dir = dirname(manifestPath);
const { splits } = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
  splits: { name: string; file: string }[];
};
const out: Record<string, { iforest: number[]; lof: number }> = {};
for (const s of splits) {
  const arrays = readNpz(join(dir, s.file));
  const part = (key: string) => {
    const a = arrays.get(key);
    if (!a) throw new Error(`${s.file} has no array "${key}"`);
    return a;
  };
  const x = npyToTensor(part('train'));
  const xt = npyToTensor(part('test'));
  const y = npyToNumbers(part('y'));
  const lof = await new LocalOutlierFactor().fit({ x });
  out[s.name] = { iforest: [], lof: rocAuc(y, await lof.score(xt)) };
  for (let seed = 0; seed < Number(forestSeeds); seed++) {
    const forest = await new IsolationForest({ seed }).fit({ x });
    out[s.name].iforest.push(rocAuc(y, await forest.score(xt)));
  }
}
writeFileSync(outPath, JSON.stringify(out));
