import { InvalidArgumentError } from '../errors/errors';
import type { DType } from '../tensor/tensor-data';
import { Tensor } from './graph';
import type { Padding } from './ir';
import { normalizeAxis } from './shape-inference';

/** A tensor or a plain number (turned into a scalar constant of the other operand's graph). */
export type Operand = Tensor | number;

function pair(a: Operand, b: Operand, op: string): [Tensor, Tensor] {
  if (a instanceof Tensor) return [a, b instanceof Tensor ? b : a.graph.constant(b)];
  if (b instanceof Tensor) return [b.graph.constant(a), b];
  throw new InvalidArgumentError(`${op}: at least one operand must be a Tensor.`);
}

const bin =
  (op: 'Add' | 'Sub' | 'Mul' | 'Div' | 'Pow' | 'Maximum' | 'Minimum') =>
  (a: Operand, b: Operand): Tensor => {
    const [x, y] = pair(a, b, op);
    return x.graph.addNode(op, [x, y], {});
  };

const cmp =
  (op: 'Greater' | 'Less' | 'Equal') =>
  (a: Operand, b: Operand): Tensor => {
    const [x, y] = pair(a, b, op);
    return x.graph.addNode(op, [x, y], {});
  };

const un =
  (op: 'Neg' | 'Abs' | 'Exp' | 'Log' | 'Sqrt' | 'Square' | 'Relu' | 'Sigmoid' | 'Tanh') =>
  (x: Tensor): Tensor =>
    x.graph.addNode(op, [x], {});

function axesOf(x: Tensor, axes: number | readonly number[] | undefined, op: string): number[] {
  const list = axes === undefined ? x.shape.map((_, i) => i) : typeof axes === 'number' ? [axes] : axes;
  return [...new Set(list.map((a) => normalizeAxis(a, x.rank, op)))].sort((p, q) => p - q);
}

function pair2(v: number | readonly [number, number]): [number, number] {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

export const add = bin('Add');
export const sub = bin('Sub');
export const mul = bin('Mul');
export const div = bin('Div');
export const pow = bin('Pow');
export const maximum = bin('Maximum');
export const minimum = bin('Minimum');
export const greater = cmp('Greater');
export const less = cmp('Less');
export const equal = cmp('Equal');
export const neg = un('Neg');
export const abs = un('Abs');
export const exp = un('Exp');
export const log = un('Log');
export const sqrt = un('Sqrt');
export const square = un('Square');
export const relu = un('Relu');
export const sigmoid = un('Sigmoid');
export const tanh = un('Tanh');

export function leakyRelu(x: Tensor, alpha = 0.2): Tensor {
  return x.graph.addNode('LeakyRelu', [x], { alpha });
}

export function matMul(
  a: Tensor,
  b: Tensor,
  options: { transposeA?: boolean; transposeB?: boolean } = {},
): Tensor {
  return a.graph.addNode('MatMul', [a, b], {
    transposeA: options.transposeA ?? false,
    transposeB: options.transposeB ?? false,
  });
}

export function where(condition: Tensor, a: Operand, b: Operand): Tensor {
  const g = condition.graph;
  const x = a instanceof Tensor ? a : g.constant(a);
  const y = b instanceof Tensor ? b : g.constant(b);
  return g.addNode('Where', [condition, x, y], {});
}

export function cast(x: Tensor, to: DType): Tensor {
  return x.dtype === to ? x : x.graph.addNode('Cast', [x], { to });
}

export function sum(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  return x.graph.addNode('ReduceSum', [x], { axes: axesOf(x, axes, 'ReduceSum'), keepDims });
}

export function mean(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  return x.graph.addNode('ReduceMean', [x], { axes: axesOf(x, axes, 'ReduceMean'), keepDims });
}

export function max(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  return x.graph.addNode('ReduceMax', [x], { axes: axesOf(x, axes, 'ReduceMax'), keepDims });
}

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  return x.graph.addNode('Reshape', [x], { shape: [...shape] });
}

export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const p = perm ? [...perm] : x.shape.map((_, i) => x.rank - 1 - i);
  return x.graph.addNode('Transpose', [x], { perm: p });
}

export function concat(parts: readonly Tensor[], axis: number): Tensor {
  if (parts.length === 0) throw new InvalidArgumentError('concat needs at least one tensor.');
  return parts[0].graph.addNode('Concat', parts, { axis: normalizeAxis(axis, parts[0].rank, 'Concat') });
}

export function slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor {
  return x.graph.addNode('Slice', [x], { begin: [...begin], size: [...size] });
}

export function pad(x: Tensor, pads: readonly (readonly [number, number])[]): Tensor {
  return x.graph.addNode('Pad', [x], { pads: pads.map(([a, b]) => [a, b] as [number, number]) });
}

export function gather(x: Tensor, indices: Tensor): Tensor {
  return x.graph.addNode('Gather', [x, indices], {});
}

export function fillLike(ref: Tensor, value: number): Tensor {
  return ref.graph.addNode('FillLike', [ref], { value });
}

export function broadcastLike(x: Tensor, ref: Tensor): Tensor {
  return x.graph.addNode('BroadcastLike', [x, ref], {});
}

export interface ConvOptions {
  strides?: number | readonly [number, number];
  padding?: Padding;
}

export function conv2d(x: Tensor, filter: Tensor, options: ConvOptions = {}): Tensor {
  return x.graph.addNode('Conv2D', [x, filter], {
    strides: pair2(options.strides ?? 1),
    padding: options.padding ?? 'same',
  });
}

export function conv2dBackpropInput(
  dy: Tensor,
  filter: Tensor,
  inputShape: readonly [number, number, number],
  options: ConvOptions = {},
): Tensor {
  return dy.graph.addNode('Conv2DBackpropInput', [dy, filter], {
    inputShape: [inputShape[0], inputShape[1], inputShape[2]],
    strides: pair2(options.strides ?? 1),
    padding: options.padding ?? 'same',
  });
}

export function conv2dBackpropFilter(
  x: Tensor,
  dy: Tensor,
  filterShape: readonly [number, number, number, number],
  options: ConvOptions = {},
): Tensor {
  return x.graph.addNode('Conv2DBackpropFilter', [x, dy], {
    filterShape: [filterShape[0], filterShape[1], filterShape[2], filterShape[3]],
    strides: pair2(options.strides ?? 1),
    padding: options.padding ?? 'same',
  });
}

export interface PoolOptions {
  poolSize?: number | readonly [number, number];
  strides?: number | readonly [number, number];
  padding?: Padding;
}

function poolAttrs(options: PoolOptions) {
  const poolSize = pair2(options.poolSize ?? 2);
  return {
    poolSize,
    strides: pair2(options.strides ?? poolSize),
    padding: options.padding ?? ('valid' as Padding),
  };
}

export function maxPool2d(x: Tensor, options: PoolOptions = {}): Tensor {
  return x.graph.addNode('MaxPool2D', [x], poolAttrs(options));
}

export function maxPoolGrad(x: Tensor, y: Tensor, dy: Tensor, options: PoolOptions = {}): Tensor {
  return x.graph.addNode('MaxPoolGrad', [x, y, dy], poolAttrs(options));
}

export function upSampling2d(x: Tensor, scale: number | readonly [number, number] = 2): Tensor {
  return x.graph.addNode('UpSampling2D', [x], { scale: pair2(scale) });
}

export interface RandomNormalOptions {
  mean?: number;
  std?: number;
  seed?: number;
}

export interface RandomUniformOptions {
  min?: number;
  max?: number;
  seed?: number;
}

/** Fresh N(mean, std) values every run, shaped like `like`; the sequence is fixed by `seed`. */
export function randomNormalLike(like: Tensor, options: RandomNormalOptions = {}): Tensor {
  const g = like.graph;
  return g.addNode('RandomNormal', [like], {
    shape: null,
    mean: options.mean ?? 0,
    std: options.std ?? 1,
    seed: options.seed ?? g.nextSeed(),
  });
}

export function randomUniformLike(like: Tensor, options: RandomUniformOptions = {}): Tensor {
  const g = like.graph;
  return g.addNode('RandomUniform', [like], {
    shape: null,
    min: options.min ?? 0,
    max: options.max ?? 1,
    seed: options.seed ?? g.nextSeed(),
  });
}

// ---- derived compositions (no new primitives) ----

/** Inverted dropout: zeroes a `rate` share of values and scales the rest by 1 / (1 - rate). */
export function dropout(x: Tensor, rate: number, seed?: number): Tensor {
  if (!(rate >= 0 && rate < 1))
    throw new InvalidArgumentError(`dropout rate must be in [0, 1); got ${rate}.`);
  if (rate === 0) return x;
  const u = randomUniformLike(x, { seed });
  const keep = cast(greater(u, rate), 'float32');
  return mul(x, mul(keep, 1 / (1 - rate)));
}

/**
 * log(1 + exp(x)) computed without overflow. Written with maximum (whose gradient goes to
 * its first operand on ties) rather than relu/abs (gradient 0 at 0), so the gradient is
 * sigmoid(x) everywhere, including the exact 0.5 at x = 0 (e.g. zero-initialised logits).
 */
export function softplus(x: Tensor): Tensor {
  return add(maximum(x, 0), log(add(exp(neg(maximum(x, neg(x)))), 1)));
}

/**
 * Mean binary cross-entropy from logits, stable for any magnitude:
 * max(z, 0) − z·y + log(1 + exp(−|z|)). Optional per-sample `weights` (same shape).
 */
export function bceWithLogits(logits: Tensor, labels: Tensor, weights?: Tensor): Tensor {
  const perSample = sub(softplus(logits), mul(logits, labels));
  return mean(weights ? mul(perSample, weights) : perSample);
}
