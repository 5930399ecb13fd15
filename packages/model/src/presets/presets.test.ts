import { describe, expect, it } from 'vitest';
import {
  A3_PRESETS,
  PRESET_CONFIGS,
  ROBUST_COMPONENTS,
  ROBUST_REJECTED,
  a3Variants,
  resolveConfig,
} from '../index';

/**
 * resolveConfig({}) before presets existed (commit 18cb9e0), printed with
 * `JSON.stringify(resolveConfig({}))`: the paper preset must resolve to exactly these fields.
 */
const BEFORE_PRESETS = {
  target: 'dense-ae',
  targetOptions: {},
  taps: 'all',
  alarm: { hidden: [1000, 500, 200, 75], activation: 'relu', dropout: 0.1 },
  anomaly: 'gaussian',
  anomalyOptions: {},
  anomalyLossWeight: 1,
  targetTraining: { epochs: 30, batchSize: 256, learningRate: 0.001 },
  alarmTraining: { epochs: 60, batchSize: 256, learningRate: 0.00001 },
  seed: 0,
  scoreBatchSize: 1024,
  stepsPerRun: 16,
  preprocessing: 'min-max',
  contamination: 0.1,
};
/** What presets added, at values that change nothing: no heads, no step budget, no oversampling. */
const NEUTRAL = {
  preset: 'paper',
  heads: [],
  alarmWeight: 1,
  groupTolerance: 0,
  calibration: { fraction: 0.1, maxRows: 2000 },
};

describe('presets', () => {
  it('paper (also the default) resolves to the config of before presets, plus neutral new fields', () => {
    expect(resolveConfig({ preset: 'paper' })).toEqual({ ...BEFORE_PRESETS, ...NEUTRAL });
    expect(resolveConfig({})).toEqual(resolveConfig({ preset: 'paper' }));
  });

  it('robust: step budget, the hgb (one-sided) head and a chosen unsupervised head over the paper’s other settings', () => {
    const r = resolveConfig({ preset: 'robust' });
    expect(r.preset).toBe('robust');
    expect(r.alarmTraining).toEqual({
      epochs: 60,
      batchSize: 256,
      learningRate: 1e-4,
      steps: 2000,
    });
    expect(r.heads).toEqual([
      { detector: 'hgb', weight: 2, floor: 0.9 },
      { detector: 'lof', weight: 1, group: 'unsupervised' },
      { detector: 'iforest', weight: 1, group: 'unsupervised' },
      { detector: 'ae', weight: 1, group: 'unsupervised' },
    ]);
    expect(r.alarmWeight).toBe(1);
    expect(r.targetTraining).toEqual(BEFORE_PRESETS.targetTraining);
    expect(r.alarm).toEqual(BEFORE_PRESETS.alarm);
  });

  it('given fields override the preset, phases key by key; null turns its budget off, knownShare 0 is none', () => {
    const r = resolveConfig({
      preset: 'robust',
      alarmTraining: { batchSize: 64, steps: null, knownShare: 0 },
      heads: [],
    });
    expect(r.alarmTraining).toEqual({ epochs: 60, batchSize: 64, learningRate: 1e-4 });
    expect(r.heads).toEqual([]);
  });

  it('a resolved config re-resolves to itself (a3.json, fit with another seed): nothing of the preset comes back', async () => {
    const { A3Detector } = await import('../index');
    const cfg = new A3Detector({ preset: 'robust', alarmTraining: { steps: null } }).config;
    expect(cfg.alarmTraining.steps).toBeUndefined();
    const again = new A3Detector(cfg).config;
    // Given as a user config, the resolved one brings the preset back only where it left a field out.
    expect(again.alarmTraining.steps).toBe(2000);
  });

  it('rejects unknown presets, bad heads, shares and budgets with the field named', () => {
    expect(() => resolveConfig({ preset: 'fast' as never })).toThrow(/preset must be 'paper' or 'robust'/);
    expect(() => resolveConfig({ heads: [{ detector: 'lof', weight: 0 }] })).toThrow(/heads\[0\]\.weight/);
    expect(() => resolveConfig({ heads: [{ weight: 1 } as never] })).toThrow(/heads\[0\] must be/);
    expect(() => resolveConfig({ heads: [{ detector: 'lof', weight: 1, w: 2 } as never] })).toThrow(
      /heads\[0\]\.w/,
    );
    expect(() => resolveConfig({ heads: [{ detector: 'lof', weight: 1, floor: 1 }] })).toThrow(
      /heads\[0\]\.floor/,
    );
    expect(resolveConfig({ heads: [{ detector: 'lof', weight: 1, floor: 0 }] }).heads).toEqual([
      { detector: 'lof', weight: 1 },
    ]);
    expect(() => resolveConfig({ alarmTraining: { knownShare: 1 } })).toThrow(/knownShare/);
    expect(() => resolveConfig({ alarmTraining: { steps: 0 } })).toThrow(/alarmTraining\.steps/);
    expect(() => resolveConfig({ targetTraining: { knownShare: 0.1 } as never })).toThrow(
      /unknown option targetTraining\.knownShare/,
    );
    expect(() => resolveConfig({ alarmWeight: -1 })).toThrow(/alarmWeight/);
    expect(() => resolveConfig({ groupTolerance: 1 })).toThrow(/groupTolerance .*\[0, 1\); got 1/);
    expect(resolveConfig({}).groupTolerance).toBe(0);
    expect(() => resolveConfig({ calibration: { fraction: 1 } })).toThrow(/calibration\.fraction/);
  });

  it('variants: each preset, robust without each of its components, and with each rejected change', () => {
    const variants = a3Variants();
    expect(variants.map((v) => v.name)).toEqual([
      ...A3_PRESETS,
      ...ROBUST_COMPONENTS.map((c) => `robust-no-${c.name}`),
      ...ROBUST_REJECTED.map((c) => `robust-with-${c.name}`),
    ]);
    expect(variants.map((v) => v.name).slice(2)).toEqual([
      'robust-no-hgb',
      'robust-no-unsupervised-head',
      'robust-no-head-choice',
      'robust-no-group-tolerance',
      'robust-no-hgb-floor',
      'robust-no-step-budget',
      'robust-with-oversampling',
    ]);
    const robust = resolveConfig({ preset: 'robust' });
    expect(resolveConfig(PRESET_CONFIGS.robust)).toEqual({ ...robust, preset: 'paper' });
    const of = (name: string) => resolveConfig(variants.find((v) => v.name === name)!.config);
    const differs = (name: string) => {
      const r = of(name);
      return Object.keys(r).filter(
        (k) => JSON.stringify(r[k as keyof typeof r]) !== JSON.stringify(robust[k as keyof typeof robust]),
      );
    };
    for (const name of [
      'robust-no-hgb',
      'robust-no-unsupervised-head',
      'robust-no-head-choice',
      'robust-no-hgb-floor',
    ])
      expect(differs(name)).toEqual(['heads']);
    const group = { weight: 1, group: 'unsupervised' };
    expect(robust.heads).toEqual([
      { detector: 'hgb', weight: 2, floor: 0.9 },
      { detector: 'lof', ...group },
      { detector: 'iforest', ...group },
      { detector: 'ae', ...group },
    ]);
    expect(of('robust-no-hgb').heads).toEqual(robust.heads.slice(1));
    expect(of('robust-no-unsupervised-head').heads).toEqual([{ detector: 'hgb', weight: 2, floor: 0.9 }]);
    // The robust preset before the choice: hgb and LOF.
    expect(of('robust-no-head-choice').heads).toEqual([
      { detector: 'hgb', weight: 2, floor: 0.9 },
      { detector: 'lof', weight: 1 },
    ]);
    expect(of('robust-no-hgb-floor').heads[0]).toEqual({ detector: 'hgb', weight: 2 });
    expect(differs('robust-no-group-tolerance')).toEqual(['groupTolerance']);
    expect(robust.groupTolerance).toBe(0.02);
    expect(of('robust-no-group-tolerance').groupTolerance).toBe(0);
    expect(differs('robust-no-step-budget')).toEqual(['alarmTraining']);
    expect(of('robust-no-step-budget').alarmTraining.steps).toBeUndefined();
    expect(differs('robust-with-oversampling')).toEqual(['alarmTraining']);
    expect(of('robust-with-oversampling').alarmTraining.knownShare).toBe(0.125);
  });
});
