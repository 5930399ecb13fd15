import type { DType, TensorData } from '../tensor/tensor-data';

/**
 * The closed set of primitives. Every layer, loss and optimiser is a composition of these,
 * and every backend lowers exactly these. Adding one means: its OP_INFO entry below, shape rule
 * (shape-inference.ts), gradient rule (autodiff/rules.ts), reference kernel (backend-testkit) and a
 * lowering per backend. Each of those is typed over every op (a Record or a switch ending in never),
 * so the compiler names every place left to write.
 */
export interface OpAttrs {
  Input: { name: string };
  Variable: { name: string };
  Const: { value: TensorData };
  /** Tensor of `value` shaped like input 0 (float32). */
  FillLike: { value: number };
  /** Broadcasts input 0 to the runtime shape of input 1. */
  BroadcastLike: Record<string, never>;
  MatMul: { transposeA: boolean; transposeB: boolean };
  Add: Record<string, never>;
  Sub: Record<string, never>;
  Mul: Record<string, never>;
  Div: Record<string, never>;
  Pow: Record<string, never>;
  Maximum: Record<string, never>;
  Minimum: Record<string, never>;
  Neg: Record<string, never>;
  Abs: Record<string, never>;
  Exp: Record<string, never>;
  Log: Record<string, never>;
  Sqrt: Record<string, never>;
  Square: Record<string, never>;
  Relu: Record<string, never>;
  LeakyRelu: { alpha: number };
  Sigmoid: Record<string, never>;
  Tanh: Record<string, never>;
  Greater: Record<string, never>;
  Less: Record<string, never>;
  Equal: Record<string, never>;
  /** inputs: [condition (bool), a, b] with broadcasting. */
  Where: Record<string, never>;
  Cast: { to: DType };
  ReduceSum: { axes: number[]; keepDims: boolean };
  ReduceMean: { axes: number[]; keepDims: boolean };
  ReduceMax: { axes: number[]; keepDims: boolean };
  /** `shape` may hold one -1: that dimension is inferred (and is the batch when the input has one). */
  Reshape: { shape: number[] };
  Transpose: { perm: number[] };
  Concat: { axis: number };
  /** `size[i] === -1` takes the rest of axis i. */
  Slice: { begin: number[]; size: number[] };
  /** Zero padding: `pads[i] = [before, after]`. */
  Pad: { pads: [number, number][] };
  /** Rows of input 0 picked by the int32 indices of input 1 (axis 0). */
  Gather: Record<string, never>;
  /** NHWC input, HWIO filter. */
  Conv2D: { strides: [number, number]; padding: Padding };
  /** inputs [dy, filter]; `inputShape` is the [H, W, C] of the forward input. */
  Conv2DBackpropInput: { inputShape: [number, number, number]; strides: [number, number]; padding: Padding };
  /** inputs [x, dy]; `filterShape` is the HWIO shape of the forward filter. */
  Conv2DBackpropFilter: {
    filterShape: [number, number, number, number];
    strides: [number, number];
    padding: Padding;
  };
  MaxPool2D: { poolSize: [number, number]; strides: [number, number]; padding: Padding };
  /** inputs [x, y, dy] where y = MaxPool2D(x). */
  MaxPoolGrad: { poolSize: [number, number]; strides: [number, number]; padding: Padding };
  /** Nearest-neighbour up-sampling of NHWC by integer factors. */
  UpSampling2D: { scale: [number, number] };
  /** Static `shape`, or no shape and one input whose runtime shape is used. Fresh values every run. */
  RandomNormal: { shape: number[] | null; mean: number; std: number; seed: number };
  RandomUniform: { shape: number[] | null; min: number; max: number; seed: number };
}

export type OpName = keyof OpAttrs;
export type Padding = 'same' | 'valid';

export interface NodeOf<K extends OpName> {
  readonly id: number;
  readonly op: K;
  readonly inputs: readonly number[];
  readonly attrs: Readonly<OpAttrs[K]>;
  /** Static shape; -1 marks the graph's one symbolic batch dimension. */
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** A graph node: a discriminated union over `op`, so `node.attrs` is typed after a switch. */
export type Node = { [K in OpName]: NodeOf<K> }[OpName];

export const BATCH = -1;

export const ELEMENTWISE_BINARY = ['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Maximum', 'Minimum'] as const;
export const COMPARISONS = ['Greater', 'Less', 'Equal'] as const;
export const ELEMENTWISE_UNARY = [
  'Neg',
  'Abs',
  'Exp',
  'Log',
  'Sqrt',
  'Square',
  'Relu',
  'LeakyRelu',
  'Sigmoid',
  'Tanh',
] as const;
export const REDUCTIONS = ['ReduceSum', 'ReduceMean', 'ReduceMax'] as const;
export const RANDOM_OPS = ['RandomNormal', 'RandomUniform'] as const;

/**
 * What consumers of the op set need to know about one primitive. Kinds: `source` — a value the
 * executable supplies (feed, state, constant), never lowered; `spatial` — the NHWC image ops a
 * backend needs only with `capabilities.conv`; `compute` — every other computation.
 * `differentiable: false` — no gradient flows through its output (comparisons, random draws,
 * shape references, feeds, constants).
 */
export interface OpInfo {
  readonly kind: 'source' | 'spatial' | 'compute';
  readonly differentiable: boolean;
}

const source = { kind: 'source', differentiable: false } as const;
const compute = { kind: 'compute', differentiable: true } as const;
const constant = { kind: 'compute', differentiable: false } as const;
const spatial = { kind: 'spatial', differentiable: true } as const;

/**
 * The one description of the op set: typed over every OpName, so adding an op to OpAttrs does not
 * compile until it is described here. PRIMITIVES, SOURCE_OPS, SPATIAL_OPS and autodiff's
 * non-differentiable set derive from it, and the backends' exhaustive switches do the rest.
 */
export const OP_INFO = {
  Input: source,
  // The leaves gradients are taken with respect to.
  Variable: { kind: 'source', differentiable: true },
  Const: source,
  FillLike: constant,
  BroadcastLike: compute,
  MatMul: compute,
  Add: compute,
  Sub: compute,
  Mul: compute,
  Div: compute,
  Pow: compute,
  Maximum: compute,
  Minimum: compute,
  Neg: compute,
  Abs: compute,
  Exp: compute,
  Log: compute,
  Sqrt: compute,
  Square: compute,
  Relu: compute,
  LeakyRelu: compute,
  Sigmoid: compute,
  Tanh: compute,
  Greater: constant,
  Less: constant,
  Equal: constant,
  Where: compute,
  Cast: compute,
  ReduceSum: compute,
  ReduceMean: compute,
  ReduceMax: compute,
  Reshape: compute,
  Transpose: compute,
  Concat: compute,
  Slice: compute,
  Pad: compute,
  Gather: compute,
  Conv2D: spatial,
  Conv2DBackpropInput: spatial,
  Conv2DBackpropFilter: spatial,
  MaxPool2D: spatial,
  MaxPoolGrad: spatial,
  UpSampling2D: spatial,
  RandomNormal: constant,
  RandomUniform: constant,
} as const satisfies { readonly [K in OpName]: OpInfo };

/** Every primitive, for backends that want to check their coverage. */
export const PRIMITIVES: readonly OpName[] = Object.keys(OP_INFO) as OpName[];

/** Whether `op` names a primitive (a graph read from elsewhere may hold anything). */
export function isPrimitive(op: string): op is OpName {
  return Object.hasOwn(OP_INFO, op);
}

const opsWhere = (test: (info: OpInfo) => boolean): ReadonlySet<OpName> =>
  new Set(PRIMITIVES.filter((op) => test(OP_INFO[op])));

/** Values the executable supplies (feeds, state, constants), not computations. */
export const SOURCE_OPS: ReadonlySet<OpName> = opsWhere((i) => i.kind === 'source');
/** The NHWC image ops (conv, pooling, up-sampling and their gradients) behind `capabilities.conv`. */
export const SPATIAL_OPS: ReadonlySet<OpName> = opsWhere((i) => i.kind === 'spatial');
/** Ops whose outputs never carry gradient. */
export const NON_DIFFERENTIABLE_OPS: ReadonlySet<OpName> = opsWhere((i) => !i.differentiable);
