import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specForName } from '@a3/cli';
import { parseSuite, readSuite, resolveFlags, selectFrom } from './suite';

const development = resolve(__dirname, '../suites/development.json');

describe('suite files', () => {
  it('the default suite holds the PEERS.md development sets and a quick ADBench subset', () => {
    const suite = readSuite(development);
    expect(suite.datasets.map((d) => d.name)).toEqual([
      '6_cardio',
      '38_thyroid',
      '32_shuttle',
      '26_optdigits',
      '27_PageBlocks',
      '29_Pima',
      'nsl-kdd',
      'nsl-kdd-unlabelled',
      'mnist',
    ]);
    // #12: with 0 known anomalies A³ must still beat Isolation Forest on NSL-KDD.
    expect(suite.datasets.find((d) => d.name === 'nsl-kdd-unlabelled')!.flags['n-known']).toBe('0');
    expect(suite.seeds).toEqual([0, 1, 2]);
    expect(suite.detectors).toBe('all');
    const nsl = suite.datasets.find((d) => d.name === 'nsl-kdd')!;
    expect(nsl.views?.map((v) => [v.name, v.testAnomalies.join(',')])).toEqual([
      ['transfer', 'DoS,Probe,R2L,U2R'],
      ['known', 'DoS,Probe'],
    ]);
    const quick = selectFrom(suite, { quick: true });
    expect(quick.seeds).toEqual([0]);
    expect(quick.datasets.every((d) => d.flags.dataset === 'adbench')).toBe(true);
    expect(quick.detectors).toEqual(suite.quick!.detectors.map((n) => specForName(n)));
  });

  it('narrows a selection and refuses names it does not hold', () => {
    const suite = readSuite(development);
    const one = selectFrom(suite, { quick: true, datasets: ['29_Pima'], detectors: ['iforest'], seeds: [4] });
    expect([one.datasets.map((d) => d.name), one.detectors, one.seeds]).toEqual([
      ['29_Pima'],
      [{ name: 'iforest', kind: 'iforest' }],
      [4],
    ]);
    expect(() => selectFrom(suite, { quick: true, datasets: ['mnist'] })).toThrow(
      /"mnist" is not in this selection/,
    );
  });

  it('makes data paths absolute under the data root', () => {
    const d = { name: 'x', flags: { dataset: 'adbench', file: 'adbench/a.npz', 'n-known': '5' } };
    expect(resolveFlags(d, '/data')).toEqual({
      dataset: 'adbench',
      file: join('/data', 'adbench/a.npz'),
      'n-known': '5',
    });
    expect(resolveFlags({ ...d, flags: { ...d.flags, file: '/abs/a.npz' } }, '/data').file).toBe(
      '/abs/a.npz',
    );
  });

  it('names the field of a malformed suite', () => {
    const base = { name: 's', seeds: [0], datasets: [{ name: 'a', flags: { dataset: 'adbench' } }] };
    expect(parseSuite(base, 's.json').detectors).toBe('all');
    expect(() => parseSuite({ ...base, seeds: [-1] }, 's.json')).toThrow(/s\.json: "seeds" must be/);
    expect(() => parseSuite({ ...base, datasets: [{ name: 'a', flags: { dataset: 1 } }] }, 's.json')).toThrow(
      /needs "flags" with at least "dataset"/,
    );
    expect(() => parseSuite({ ...base, datasets: [base.datasets[0], base.datasets[0]] }, 's.json')).toThrow(
      /"a" is listed twice/,
    );
    expect(() =>
      parseSuite({ ...base, quick: { seeds: [0], datasets: ['b'], detectors: [] } }, 's.json'),
    ).toThrow(/quick\.datasets names "b"/);
    expect(
      parseSuite({ ...base, detectors: ['a3', { name: 'a3-paper', kind: 'a3', options: { seed: 1 } }] }, 's')
        .detectors,
    ).toEqual([
      { name: 'a3', kind: 'a3' },
      { name: 'a3-paper', kind: 'a3', options: { seed: 1 } },
    ]);
    // A³'s variants by name: the options come from @a3/model's list of presets and ablations.
    expect(
      parseSuite({ ...base, detectors: ['a3:paper', 'a3:robust-no-unsupervised-head'] }, 's').detectors,
    ).toEqual([
      { name: 'a3:paper', kind: 'a3', options: { preset: 'paper' } },
      {
        name: 'a3:robust-no-unsupervised-head',
        kind: 'a3',
        options: { preset: 'robust', heads: [{ detector: 'hgb', weight: 2, floor: 0.9 }] },
      },
    ]);
  });
});
