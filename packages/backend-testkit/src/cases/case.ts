import {
  BATCH,
  Graph,
  gradients,
  ops,
  Rng,
  SPATIAL_OPS,
  type DType,
  type OpName,
  type Tensor,
  type TensorData,
} from '@a3/core';
import type { Tolerance } from '../check/expect-close';
import { randomTensor, type RandomTensorOptions } from '../check/random-tensor';

/** One fed input of a case: its declared shape (-1 = batch) and how to draw its values. */
export interface InputSpec {
  readonly shape: readonly number[];
  readonly dtype?: DType;
  readonly gen?: RandomTensorOptions;
}

export type CaseBuild = (
  x: Readonly<Record<string, Tensor>>,
  g: Graph,
) => Tensor | Readonly<Record<string, Tensor>>;

/** A graph over one primitive with seeded random inputs, checked against the reference. */
export interface PrimitiveCase {
  /** Unique, human title: "Add [N,1] vs [1,5]". */
  readonly name: string;
  /** The primitive under test (coverage is counted by this). */
  readonly op: OpName;
  readonly inputs: Readonly<Record<string, InputSpec>>;
  readonly build: CaseBuild;
  /** Batch sizes to run the same executable with (default [1, 3, 7] when an input has a batch dim). */
  readonly batches?: readonly number[];
  readonly tolerance?: Tolerance;
}

/** A differentiable case: loss = sum(y · w) for fixed random w; gradients w.r.t. `wrt` (default: all float inputs). */
export interface GradientCase extends PrimitiveCase {
  readonly wrt?: readonly string[];
  /** Batch used for inputs with a batch dim (default 3). */
  readonly batch?: number;
}

/** The ops whose cases run only for backends with `conv` (core's SPATIAL_OPS). */
export const CONV_OPS: ReadonlySet<OpName> = SPATIAL_OPS;

export function hasBatch(c: PrimitiveCase): boolean {
  return Object.values(c.inputs).some((s) => s.shape.includes(BATCH));
}

/** Batch sizes a case runs with; `[-1]` means "no batch dimension". */
export function caseBatches(c: PrimitiveCase): readonly number[] {
  return hasBatch(c) ? (c.batches ?? [1, 3, 7]) : [-1];
}

export function buildCaseGraph(c: PrimitiveCase): { graph: Graph; outputs: Record<string, Tensor> } {
  const g = new Graph(c.name.replace(/[^A-Za-z0-9_]+/g, '_'));
  const x: Record<string, Tensor> = {};
  for (const [name, spec] of Object.entries(c.inputs))
    x[name] = g.input(name, spec.shape, spec.dtype ?? 'float32');
  const built = c.build(x, g);
  const outputs = isTensor(built) ? { y: built } : { ...built };
  for (const [name, t] of Object.entries(outputs)) g.output(name, t);
  return { graph: g, outputs };
}

function isTensor(v: unknown): v is Tensor {
  return typeof v === 'object' && v !== null && 'graph' in v && 'id' in v && 'shape' in v;
}

/** Stable 32-bit hash of a string (seeds derived from case names never shift when cases are added). */
export function hashSeed(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function caseFeeds(
  inputs: Readonly<Record<string, InputSpec>>,
  batch: number,
  seed: number,
): Record<string, TensorData> {
  const rng = new Rng(seed);
  const feeds: Record<string, TensorData> = {};
  for (const [name, spec] of Object.entries(inputs)) {
    const shape = spec.shape.map((d) => (d === BATCH ? batch : d));
    feeds[name] = randomTensor(rng, shape, { dtype: spec.dtype, ...spec.gen });
  }
  return feeds;
}

export interface GradientGraph {
  graph: Graph;
  /** Input name → gradient output name. */
  gradients: Record<string, string>;
  /** Inputs including the loss weights `__w`. */
  inputs: Record<string, InputSpec>;
}

/** loss = Σ y·w with w fed (same shape as y), so every output element gets a distinct weight. */
export function buildGradientGraph(c: GradientCase): GradientGraph {
  const g = new Graph(`grad_${c.name.replace(/[^A-Za-z0-9_]+/g, '_')}`);
  const x: Record<string, Tensor> = {};
  for (const [name, spec] of Object.entries(c.inputs))
    x[name] = g.input(name, spec.shape, spec.dtype ?? 'float32');
  const y = c.build(x, g);
  if (!isTensor(y)) throw new Error(`Gradient case "${c.name}" must build a single tensor.`);
  const w = g.input('__w', y.shape);
  const loss = ops.sum(ops.mul(y, w));
  g.output('loss', loss);
  g.output('y', y);
  const wrt = c.wrt ?? Object.keys(c.inputs).filter((k) => (c.inputs[k].dtype ?? 'float32') === 'float32');
  const grads = gradients(
    loss,
    wrt.map((k) => x[k]),
  );
  const names: Record<string, string> = {};
  wrt.forEach((k, i) => {
    g.output(`grad_${k}`, grads[i]);
    names[k] = `grad_${k}`;
  });
  return { graph: g, gradients: names, inputs: { ...c.inputs, __w: { shape: y.shape } } };
}
