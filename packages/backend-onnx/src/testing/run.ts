import { Graph, type OpName, type Outputs, type Tensor, TensorData } from '@a3/core';
import { createOnnxBackend } from '../runtime/backend';

const backend = createOnnxBackend({ threads: 1 });

/** The ops of every graph runOnce has run in this test file (vitest gives each file its own modules). */
export const ranOps = new Set<OpName>();

/** Test helper: builds a graph, runs it once on the onnx backend, returns its outputs. */
export async function runOnce(
  build: (g: Graph) => Record<string, Tensor>,
  feeds: Record<string, TensorData> = {},
): Promise<Outputs> {
  const g = new Graph('t');
  for (const [name, t] of Object.entries(build(g))) g.output(name, t);
  for (const node of g.nodes) ranOps.add(node.op);
  const exec = await (await backend).compile(g);
  try {
    return await exec.run(feeds);
  } finally {
    exec.dispose();
  }
}

/** Deterministic test values in [-1, 1) without a shared RNG. */
export function values(n: number, seed = 1): number[] {
  let s = seed * 2654435761;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s / 4294967296) * 2 - 1;
  });
}

export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-5): void {
  if (got.length !== want.length) throw new Error(`length ${got.length} ≠ ${want.length}`);
  for (let i = 0; i < got.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    if (!(d <= tol * Math.max(1, Math.abs(want[i])))) {
      throw new Error(`element ${i}: got ${got[i]}, want ${want[i]} (|Δ| ${d} > ${tol})`);
    }
  }
}
