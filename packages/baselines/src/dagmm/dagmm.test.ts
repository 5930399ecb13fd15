import { describe, expect, it } from 'vitest';
import { dagmmArchitecture, resolveDagmmConfig } from './dagmm';

describe('dagmmArchitecture', () => {
  const defaults = resolveDagmmConfig();

  it("takes the paper's Thyroid and KDDCUP nets for tabular widths (Zong et al. 2018, §4.3)", () => {
    expect(dagmmArchitecture(defaults, 6)).toEqual({
      hidden: [12, 4],
      latent: 1,
      components: 2,
      learningRate: 1e-4,
    });
    expect(dagmmArchitecture(defaults, 16).hidden).toEqual([12, 4]);
    expect(dagmmArchitecture(defaults, 120)).toEqual({
      hidden: [60, 30, 10],
      latent: 1,
      components: 4,
      learningRate: 1e-4,
    });
    expect(dagmmArchitecture(defaults, 256).latent).toBe(1);
  });

  it('gives images (wider than 256 features) the wider net with a 10-unit code at lr 1e-3', () => {
    expect(dagmmArchitecture(defaults, 257)).toEqual({
      hidden: [256, 64],
      latent: 10,
      components: 4,
      learningRate: 1e-3,
    });
  });

  it('lets every given field win over the width', () => {
    const config = resolveDagmmConfig({ hidden: [8], latent: 2, components: 3, learningRate: 5e-4 });
    for (const width of [6, 120, 784]) {
      expect(dagmmArchitecture(config, width)).toEqual({
        hidden: [8],
        latent: 2,
        components: 3,
        learningRate: 5e-4,
      });
    }
  });

  it('rejects a learning rate that is not a positive number, naming the option', () => {
    expect(() => resolveDagmmConfig({ learningRate: 0 })).toThrow(
      /dagmm option "learningRate" must be a finite number > 0/,
    );
    expect(() => resolveDagmmConfig({ latent: 0 })).toThrow(/dagmm option "latent" must be an integer ≥ 1/);
  });
});
