import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeModel } from '@a3/backend-onnx';
import { readCsv } from '@a3/data';
import { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../../packages/data/src/testing/shared-data';
import { run, tempDir, trainSensorsModel } from '../testing/fixtures';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const tmp = tempDir('export-columns');
let csv: string;
let model: string;
afterAll(() => tmp.cleanup());

/** The score and anomaly columns of `a3 score`'s CSV (row, line, score, anomaly). */
function scored(text: string): { score: number[]; anomaly: number[] } {
  const rows = text
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  return { score: rows.map((r) => Number(r[2])), anomaly: rows.map((r) => Number(r[3])) };
}

/**
 * A Python with numpy, pandas, onnx and onnxruntime for the side-by-side check: $A3_PYTHON, or
 * the venv beside the checkout (`../pyenv`), or python3. null (the test skips, saying why) if none.
 */
function python(): { exe: string | null; reason: string } {
  const candidates = [process.env.A3_PYTHON, join(repo, '..', 'pyenv', 'bin', 'python'), 'python3'];
  for (const exe of candidates) {
    if (!exe || (exe.includes('/') && !existsSync(exe))) continue;
    const probe = spawnSync(exe, ['-c', 'import numpy, pandas, onnx, onnxruntime'], { encoding: 'utf8' });
    if (probe.status === 0) return { exe, reason: '' };
  }
  const reason = 'no Python with numpy, pandas, onnx and onnxruntime (set A3_PYTHON)';
  // .ci/run builds one from the machine image's wheels: under CI its absence is a failure.
  if (process.env.CI)
    throw new Error(`the Python onnxruntime check must run under CI, but there is ${reason}`);
  console.warn(`[@a3/cli] skipping the Python onnxruntime check: ${reason}`);
  return { exe: null, reason };
}

beforeAll(async () => {
  ({ csv, model } = await trainSensorsModel(tmp.dir, {
    rows: 300,
    extra: ['--known', 'spike', '--n-known', '5'],
  }));
}, 120_000);

describe('a3 export --onnx-inputs columns (the default for tabular models)', () => {
  it('takes raw columns, strings one-hot encoded inside, and scores like a3 score in onnxruntime-node', async () => {
    const file = join(tmp.dir, 'columns.onnx');
    const info = JSON.parse((await run(['export', model, '--onnx', file, '--json'])).stdout[0]) as {
      inputs: { name: string; type: string; shape: number[] }[];
      threshold: number;
      oneHotOutside: string[];
    };
    expect(info.inputs).toEqual([
      { name: 'site', type: 'string', shape: [-1, 1] },
      { name: 'temp', type: 'float', shape: [-1, 1] },
      { name: 'pressure', type: 'float', shape: [-1, 1] },
      { name: 'vibration', type: 'float', shape: [-1, 1] },
    ]);
    expect(info.oneHotOutside).toEqual([]);
    const m = decodeModel(readFileSync(file));
    expect(m.opsetImports).toContainEqual({ domain: 'ai.onnx.ml', version: 3 });

    // Raw rows plus two sites never seen in training: a3 score encodes those as all zeros.
    const raw = join(tmp.dir, 'raw.csv');
    const text = readFileSync(csv, 'utf8').trimEnd().split('\n');
    writeFileSync(raw, [...text, 'x1,west,21.5,101,0.2,normal', 'x2,,35,140,0.9,spike'].join('\n') + '\n');
    const t = await readCsv(raw, { categorical: ['site'] });
    const n = t.rowCount;
    const session = await InferenceSession.create(file);
    const r = await session.run({
      site: new OrtTensor('string', [...t.categorical('site')], [n, 1]),
      ...Object.fromEntries(
        ['temp', 'pressure', 'vibration'].map((c) => [
          c,
          new OrtTensor('float32', Float32Array.from(t.numeric(c)), [n, 1]),
        ]),
      ),
    });
    await session.release();
    const onnxScore = r.score.data as Float32Array;
    const onnxAnomaly = r.anomaly.data as Float32Array;
    const want = scored((await run(['score', model, raw])).stdout.join('\n'));
    expect(onnxScore).toHaveLength(302);
    want.score.forEach((s, i) => {
      expect(Math.abs(onnxScore[i] - s)).toBeLessThanOrEqual(1e-5);
      expect(onnxAnomaly[i]).toBe(onnxScore[i] >= info.threshold ? 1 : 0);
      if (Math.abs(s - info.threshold) > 1e-5) expect(onnxAnomaly[i]).toBe(want.anomaly[i]);
    });
  });

  it('--onnx-inputs tensor keeps the single [N, features] input', async () => {
    const io = await run(['export', model, '--onnx', join(tmp.dir, 't.onnx'), '--onnx-inputs', 'tensor']);
    expect(io.stdout.join('\n')).toMatch(/input "features" \[N, 5\]/);
  });
});

const nsl = sharedData('nsl-kdd');
const py = python();

describe.skipIf(!nsl.available || py.exe === null)('NSL-KDD export in Python onnxruntime', () => {
  it('scores raw KDDTest+ rows (strings and numbers as read) equal to a3 score to 1e-5, onnx.checker passing', async () => {
    const dir = join(tmp.dir, 'nsl');
    const nslModel = join(dir, 'model');
    await run([
      'train',
      '--dataset',
      'nsl-kdd',
      '--data-dir',
      nsl.path,
      '--max-train-normals',
      '2000',
      // One alarm network: the robust default's heads run outside ONNX.
      '--preset',
      'paper',
      '--epochs-target',
      '1',
      '--epochs-alarm',
      '1',
      '--backend',
      'onnx',
      '--out',
      nslModel,
    ]);
    const onnxFile = join(dir, 'nsl-kdd.onnx');
    await run(['export', nslModel, '--onnx', onnxFile]);
    const test = join(nsl.path, 'KDDTest+.txt');
    const a3Scores = join(dir, 'a3.csv');
    await run(['score', nslModel, test, '--no-header', '--out', a3Scores]);
    const pyScores = join(dir, 'py.txt');
    const p = spawnSync(
      py.exe!,
      [join(repo, 'tools/onnx/score_columns.py'), onnxFile, test, pyScores, '--no-header'],
      {
        encoding: 'utf8',
      },
    );
    expect(p.status, p.stderr).toBe(0);
    expect(p.stdout).toMatch(/onnx\.checker OK; onnxruntime 1\.\d+\.\d+ scored 22544 rows/);
    const want = scored(readFileSync(a3Scores, 'utf8'));
    const got = readFileSync(pyScores, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => l.split(' ').map(Number));
    expect(got).toHaveLength(22_544);
    let worst = 0;
    got.forEach(([s], i) => (worst = Math.max(worst, Math.abs(s - want.score[i]))));
    expect(worst).toBeLessThanOrEqual(1e-5);
    const meta = decodeModel(readFileSync(onnxFile)).metadataProps ?? [];
    const threshold = Number(meta.find((e) => e.key === 'a3.threshold')?.value);
    got.forEach(([s, a]) => expect(a).toBe(s >= threshold ? 1 : 0));
    expect(got.some(([, a]) => a === 1) && got.some(([, a]) => a === 0)).toBe(true);
  });
});
