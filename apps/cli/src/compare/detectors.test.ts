import { resolveConfig, type A3DetectorConfig } from '@a3/model';
import { describe, expect, it } from 'vitest';
import { recipeDefaults } from '../dataset/recipe-defaults';
import { a3VariantSpecs, detectorOptions, detectorSpecs, specForName } from './detectors';

describe('A³ variants as comparison rows', () => {
  it('a3 is the robust preset; a3:<variant> names the other preset and robust’s ablations', () => {
    expect(a3VariantSpecs().map((s) => s.name)).toEqual([
      'a3:paper',
      'a3:robust-no-hgb',
      'a3:robust-no-unsupervised-head',
      'a3:robust-no-head-choice',
      'a3:robust-no-group-tolerance',
      'a3:robust-no-hgb-floor',
      'a3:robust-no-step-budget',
      'a3:robust-with-oversampling',
    ]);
    expect(specForName('a3')).toEqual({ name: 'a3', kind: 'a3' });
    expect(specForName('a3:robust-no-hgb')).toEqual({
      name: 'a3:robust-no-hgb',
      kind: 'a3',
      options: {
        preset: 'robust',
        heads: ['lof', 'iforest', 'ae'].map((detector) => ({ detector, weight: 1, group: 'unsupervised' })),
      },
    });
    expect(specForName('iforest')).toEqual({ name: 'iforest', kind: 'iforest' });
  });

  it('each variant runs on the recipe’s settings for its preset, as a3 train --preset would', () => {
    const presets = recipeDefaults('adbench').detector;
    expect(detectorOptions(specForName('a3'), 'adbench')).toEqual(presets.robust);
    expect(detectorOptions(specForName('a3:paper'), 'adbench')).toEqual(presets.paper);
    const noBudget = resolveConfig(
      detectorOptions(specForName('a3:robust-no-step-budget'), 'adbench') as A3DetectorConfig,
    );
    expect(noBudget.alarmTraining).toEqual({
      epochs: 60,
      batchSize: 256,
      learningRate: 1e-4,
    });
    expect(noBudget.heads.map((h) => h.detector)).toEqual(['hgb', 'lof', 'iforest', 'ae']);
    // Suite options merge into the preset's training phases key by key.
    const tuned = detectorOptions(
      { name: 'x', kind: 'a3', options: { preset: 'paper', alarmTraining: { learningRate: 1e-5 } } },
      'adbench',
    );
    expect(tuned.alarmTraining).toEqual({ ...presets.paper.alarmTraining, learningRate: 1e-5 });
  });

  it('an unknown variant fails listing the registered detectors and the variants', () => {
    expect(() => detectorSpecs(['a3:fast'])).toThrow(
      /unknown detector "a3:fast"\. Available: .*A³ variants: a3:paper, a3:robust,/,
    );
  });
});
