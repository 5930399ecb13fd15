import { Rng, TensorData } from '@a3/core';

export interface ToyProblem {
  train: { x: TensorData<'float32'>; y: Uint8Array };
  test: { x: TensorData<'float32'>; y: Uint8Array };
}

/**
 * A separable test problem in [0, 1]^width: normal rows around 0.3, anomalies around 0.8
 * (σ 0.05). Training: `normals` normal rows + `known` labelled anomalies; test: 60 of each.
 * Small enough for a few training steps on tfjs-cpu.
 */
export function toyProblem(
  seed: number,
  options: { width?: number; normals?: number; known?: number } = {},
): ToyProblem {
  const { width = 6, normals = 200, known = 10 } = options;
  const rng = new Rng(seed);
  const rows = (centre: number, n: number) =>
    Array.from({ length: n }, () =>
      Array.from({ length: width }, () => Math.min(1, Math.max(0, rng.normal(centre, 0.05)))),
    );
  const part = (n0: number, n1: number) => ({
    x: TensorData.fromRows([...rows(0.3, n0), ...rows(0.8, n1)]),
    y: Uint8Array.from({ length: n0 + n1 }, (_, i) => (i < n0 ? 0 : 1)),
  });
  return { train: part(normals, known), test: part(60, 60) };
}
