import '@a3/backend-onnx';
import { getBackend, Graph, TensorData } from '@a3/core';
import { ParameterCollection } from '@a3/nn';
import { describe, expect, it } from 'vitest';
import '../index';
import { getAnomaly, listAnomalies } from './anomaly';

/** The counter-examples an anomaly network makes for x, computed on onnx. */
async function generate(name: string, options: Record<string, number>, x: TensorData<'float32'>, seed = 5) {
  const net = getAnomaly(name)({
    inputShape: x.shape.slice(1),
    seed,
    options,
    scope: 'anomaly',
    params: new ParameterCollection(),
  });
  const g = new Graph();
  const input = g.input('x', [-1, ...x.shape.slice(1)]);
  g.output('fake', net.generate(input)!);
  const exec = await (await getBackend('onnx')).compile(g);
  try {
    return (await exec.run({ x }, { outputs: ['fake'], updates: false })).fake.data as Float32Array;
  } finally {
    exec.dispose();
  }
}

// 2,000 rows × 50 features, every value 0.25 (never drawn by the noise: a changed value is noise).
const rows = 2000;
const width = 50;
const x = TensorData.fill([rows, width], 0.25);

function changed(fake: Float32Array) {
  const perRow = Array.from({ length: rows }, (_, r) => {
    let n = 0;
    for (let j = 0; j < width; j++) if (fake[r * width + j] !== 0.25) n++;
    return n;
  });
  return { total: perRow.reduce((a, b) => a + b, 0) / (rows * width), perRow };
}

describe('perturb anomaly network', () => {
  it('is registered', () => {
    expect(listAnomalies()).toContain('perturb');
  });

  it('replaces a share of the values with noise and keeps the rest of each row', async () => {
    const fake = await generate('perturb', { share: 0.1 }, x);
    const { total, perRow } = changed(fake);
    // Binomial(100,000, 0.1): mean 0.1, sd ≈ 0.001.
    expect(total).toBeGreaterThan(0.095);
    expect(total).toBeLessThan(0.105);
    // Most rows keep most of their values (a full-noise row would change all 50).
    expect(perRow.filter((n) => n === width)).toHaveLength(0);
    // The replacements are N(0.5, 1): their mean and spread.
    const noise = Array.from(fake).filter((v) => v !== 0.25);
    const mean = noise.reduce((a, b) => a + b, 0) / noise.length;
    const sd = Math.sqrt(noise.reduce((a, b) => a + (b - mean) ** 2, 0) / noise.length);
    expect(mean).toBeCloseTo(0.5, 1);
    expect(sd).toBeGreaterThan(0.95);
    expect(sd).toBeLessThan(1.05);
    // Seeded: the same seed gives the same counter-examples, another seed others.
    expect(await generate('perturb', { share: 0.1 }, x)).toEqual(fake);
    expect(await generate('perturb', { share: 0.1 }, x, 6)).not.toEqual(fake);
  });

  it('with gaussianRows makes that share of rows all noise (gaussian counter-examples), the rest perturbed', async () => {
    const { perRow } = changed(await generate('perturb', { share: 0.1, gaussianRows: 0.3 }, x));
    const full = perRow.filter((n) => n === width).length / rows;
    // Binomial(2,000, 0.3): sd ≈ 0.01. A perturbed row changes all 50 with probability 1e-50.
    expect(full).toBeGreaterThan(0.26);
    expect(full).toBeLessThan(0.34);
    const partial = perRow.filter((n) => n < width);
    const mean = partial.reduce((a, b) => a + b, 0) / partial.length / width;
    expect(mean).toBeGreaterThan(0.09);
    expect(mean).toBeLessThan(0.11);
  });

  it('refuses a share outside (0, 1] naming the option', () => {
    const make = (options: Record<string, number>) => () =>
      getAnomaly('perturb')({
        inputShape: [3],
        seed: 0,
        options,
        scope: 'anomaly',
        params: new ParameterCollection(),
      });
    expect(make({ share: 0 })).toThrow(/share/);
    expect(make({ share: 0.2, gaussianRows: 2 })).toThrow(/gaussianRows/);
  });
});
