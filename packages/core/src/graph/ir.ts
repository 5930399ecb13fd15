import type { DType, TensorData } from '../tensor/tensor-data';

/**
 * The closed set of primitives. Every layer, loss and optimiser is a composition of these,
 * and every backend lowers exactly these. Adding one means: shape rule (shape-inference.ts),
 * gradient rule (autodiff/rules.ts), reference kernel (backend-testkit) and a lowering per backend.
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

/** Every primitive, for backends that want to check their coverage. */
export const PRIMITIVES: readonly OpName[] = [
  'Input',
  'Variable',
  'Const',
  'FillLike',
  'BroadcastLike',
  'MatMul',
  ...ELEMENTWISE_BINARY,
  ...ELEMENTWISE_UNARY,
  ...COMPARISONS,
  'Where',
  'Cast',
  ...REDUCTIONS,
  'Reshape',
  'Transpose',
  'Concat',
  'Slice',
  'Pad',
  'Gather',
  'Conv2D',
  'Conv2DBackpropInput',
  'Conv2DBackpropFilter',
  'MaxPool2D',
  'MaxPoolGrad',
  'UpSampling2D',
  ...RANDOM_OPS,
];
