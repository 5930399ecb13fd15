import { Graph, type Backend, type Tensor, type TensorData } from '@a3/core';

/**
 * Runs an inference graph over all rows of x in batches and returns each named output
 * ([N, k] or [N]) as one row-major Float32Array — for statistics a detector takes over its
 * training data after a phase (Deep SAD's centre, DAGMM's mixture).
 */
export async function forwardRows(
  backend: Backend,
  x: TensorData<'float32'>,
  build: (x: Tensor) => Record<string, Tensor>,
  batchSize = 4096,
): Promise<Record<string, { data: Float32Array; width: number }>> {
  const g = new Graph('forward');
  const input = g.input('x', [-1, x.shape[1]]);
  const outs = build(input);
  const names = Object.keys(outs);
  const widths: Record<string, number> = {};
  for (const name of names) {
    g.output(name, outs[name]);
    widths[name] = outs[name].shape.slice(1).reduce((a, b) => a * b, 1);
  }
  const n = x.shape[0];
  const result = Object.fromEntries(
    names.map((name) => [name, { data: new Float32Array(n * widths[name]), width: widths[name] }]),
  );
  const exec = await backend.compile(g);
  try {
    for (let b0 = 0; b0 < n; b0 += batchSize) {
      const b1 = Math.min(n, b0 + batchSize);
      const r = await exec.run({ x: x.sliceRows(b0, b1) }, { outputs: names, updates: false });
      for (const name of names) result[name].data.set(r[name].data as Float32Array, b0 * widths[name]);
    }
  } finally {
    exec.dispose();
  }
  return result;
}
