import { InvalidArgumentError, type DType } from '@a3/core';
import { broadcastAll, broadcastIndex, f64, type F64Tensor } from './f64';

export type UnaryFn = (x: number) => number;
export type BinaryFn = (a: number, b: number) => number;

export const UNARY: Record<string, UnaryFn> = {
  Neg: (x) => -x,
  Abs: (x) => Math.abs(x),
  Exp: (x) => Math.exp(x),
  Log: (x) => Math.log(x),
  Sqrt: (x) => Math.sqrt(x),
  Square: (x) => x * x,
  Relu: (x) => (x > 0 ? x : 0),
  Sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  Tanh: (x) => Math.tanh(x),
};

export const BINARY: Record<string, BinaryFn> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b) => a / b,
  Pow: (a, b) => Math.pow(a, b),
  Maximum: (a, b) => (a >= b ? a : b),
  Minimum: (a, b) => (a <= b ? a : b),
  Greater: (a, b) => (a > b ? 1 : 0),
  Less: (a, b) => (a < b ? 1 : 0),
  Equal: (a, b) => (a === b ? 1 : 0),
};

export function unary(x: F64Tensor, f: UnaryFn): F64Tensor {
  const out = f64(x.shape, 'float32');
  for (let i = 0; i < x.data.length; i++) out.data[i] = f(x.data[i]);
  return out;
}

export function binary(a: F64Tensor, b: F64Tensor, f: BinaryFn, dtype: DType, op: string): F64Tensor {
  const shape = broadcastAll([a.shape, b.shape], op);
  const ia = broadcastIndex(a.shape, shape);
  const ib = broadcastIndex(b.shape, shape);
  const out = f64(shape, dtype);
  for (let i = 0; i < out.data.length; i++) out.data[i] = f(a.data[ia[i]], b.data[ib[i]]);
  return out;
}

export function where(c: F64Tensor, a: F64Tensor, b: F64Tensor): F64Tensor {
  const shape = broadcastAll([c.shape, a.shape, b.shape], 'Where');
  const ic = broadcastIndex(c.shape, shape);
  const ia = broadcastIndex(a.shape, shape);
  const ib = broadcastIndex(b.shape, shape);
  const out = f64(shape, a.dtype);
  for (let i = 0; i < out.data.length; i++) out.data[i] = c.data[ic[i]] !== 0 ? a.data[ia[i]] : b.data[ib[i]];
  return out;
}

/** TensorFlow casting: float → int truncates toward zero, anything → bool is `!= 0`. */
export function cast(x: F64Tensor, to: DType): F64Tensor {
  const out = f64(x.shape, to);
  for (let i = 0; i < x.data.length; i++) {
    const v = x.data[i];
    out.data[i] = to === 'bool' ? (v !== 0 ? 1 : 0) : to === 'int32' ? Math.trunc(v) | 0 : v;
  }
  return out;
}

export function broadcastTo(x: F64Tensor, shape: readonly number[]): F64Tensor {
  const full = broadcastAll([x.shape, shape], 'BroadcastLike');
  if (full.join(',') !== shape.join(',')) {
    throw new InvalidArgumentError(
      `BroadcastLike: [${x.shape.join(', ')}] does not broadcast to [${shape.join(', ')}].`,
    );
  }
  const ix = broadcastIndex(x.shape, shape);
  const out = f64(shape, x.dtype);
  for (let i = 0; i < out.data.length; i++) out.data[i] = x.data[ix[i]];
  return out;
}
