import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../csv/read-csv';
import { semiSupervisedSplit } from '../../split/semi-supervised';
import { sharedData } from '../../testing/shared-data';
import { loadNslKdd } from './nsl-kdd';

const fixtures = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures');

function range(data: Float32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

describe('nsl-kdd recipe on fixture files (synthetic rows, real layout)', () => {
  it('maps attacks to families incl. test-only attacks and one-hots with the published vocabularies', async () => {
    const d = await loadNslKdd({ path: fixtures });
    expect(d.train.x.shape).toEqual([6, 122]);
    expect(d.test.x.shape).toEqual([3, 122]);
    expect(d.train.labels).toEqual(['normal', 'normal', 'normal', 'DoS', 'Probe', 'R2L']);
    expect(d.test.labels).toEqual(['normal', 'Probe', 'U2R']);
    expect(d.featureNames?.slice(0, 5)).toEqual([
      'duration',
      'protocol_type=tcp',
      'protocol_type=udp',
      'protocol_type=icmp',
      'service=aol',
    ]);
    expect(range(d.train.x.data)).toEqual([0, 1]);
    const attacks = await loadNslKdd({ path: fixtures, labels: 'attack', categories: 'train' });
    expect(attacks.test.labels).toEqual(['normal', 'mscan', 'httptunnel']);
    // Training vocabulary: 3 protocols, 5 services, 2 flags seen → 38 + 10 features.
    expect(attacks.train.x.shape).toEqual([6, 48]);
  });

  it('says which files it looked for when the directory is wrong', async () => {
    await expect(loadNslKdd({ path: '/nonexistent' })).rejects.toThrow(
      /none of KDDTrain\+\.txt, KDDTrain\+\.arff.*found/,
    );
    await expect(loadNslKdd({})).rejects.toThrow(/needs options\.path.*unb\.ca/);
  });
});

const nsl = sharedData('nsl-kdd');
describe.skipIf(!nsl.available)(`nsl-kdd recipe on the real files (${nsl.reason || nsl.path})`, () => {
  it('KDDTrain+_20Percent + KDDTest+: 25,192 / 22,544 rows, 122 features, standard family counts', async () => {
    const d = await loadNslKdd({ path: nsl.path });
    expect(d.train.x.shape).toEqual([25_192, 122]);
    expect(d.test.x.shape).toEqual([22_544, 122]);
    expect(d.classCounts).toEqual({
      DoS: 9_234 + 7_458,
      Probe: 2_289 + 2_421,
      R2L: 209 + 2_754,
      U2R: 11 + 200,
      normal: 13_449 + 9_711,
    });
    expect(range(d.train.x.data)).toEqual([0, 1]);
    expect(d.featureNames).toContain('service=http_2784');
    const split = semiSupervisedSplit(
      { train: d.train.labels, test: d.test.labels },
      { normal: ['normal'], known: ['DoS', 'Probe'], nKnown: 100, testAnomalies: ['R2L', 'U2R'], seed: 2409 },
    );
    expect(split.train.counts.normal).toBe(12_777);
    expect(split.test.counts).toEqual({ normal: 9_711, R2L: 2_754, U2R: 200 });
  });

  it('parses the 25,192-row training file (no header, 43 columns)', async () => {
    const t = await readCsv(join(nsl.path, 'KDDTrain+_20Percent.txt'), { header: false });
    expect(t.rowCount).toBe(25_192);
    expect(t.columns).toHaveLength(43);
  });

  it('with the training file’s own vocabulary the 20 % file gives 118 features (it lacks 4 services)', async () => {
    const d = await loadNslKdd({ path: nsl.path, categories: 'train' });
    expect(d.train.x.shape[1]).toBe(118);
  });

  it('reads KDDTest-21 and the ARFF variant (binary labels, same 122-feature layout)', async () => {
    const d21 = await loadNslKdd({ path: nsl.path, testFile: 'KDDTest-21' });
    expect(d21.test.x.shape).toEqual([11_850, 122]);
    const arff = await loadNslKdd({
      path: nsl.path,
      trainFile: 'KDDTrain+_20Percent.arff',
      testFile: 'KDDTest-21.arff',
    });
    expect(arff.train.x.shape).toEqual([25_192, 122]);
    expect(arff.classCounts).toEqual({ anomaly: 11_743 + 9_698, normal: 13_449 + 2_152 });
    expect(arff.notes.join('\n')).toMatch(/only normal\/anomaly labels/);
    // The .txt and .arff readings of the same rows give the same features. (The published
    // KDDTrain+_20Percent.txt starts with one row the .arff lacks, so .txt row i+1 = .arff row i.)
    const rawArff = await loadNslKdd({
      path: nsl.path,
      trainFile: 'KDDTrain+_20Percent.arff',
      testFile: 'KDDTest-21.arff',
      scaler: 'none',
    });
    const rawTxt = await loadNslKdd({ path: nsl.path, testFile: 'KDDTest-21', scaler: 'none' });
    expect(Array.from(rawArff.train.x.data.subarray(0, 122 * 5))).toEqual(
      Array.from(rawTxt.train.x.data.subarray(122, 122 * 6)),
    );
    expect(Array.from(rawArff.test.x.data)).toEqual(Array.from(rawTxt.test.x.data));
  });
});
