import { allocate, FeedError, shapeSize, TensorData, type DType } from '@a3/core';
import type { Ort, OrtTensor } from './ort';

/** Wraps host data for ORT without copying (ORT never writes to its inputs). */
export function toOrt(ort: Ort, t: TensorData): OrtTensor {
  return new ort.Tensor(t.dtype, t.data, [...t.shape]);
}

export function fromOrt(t: OrtTensor, name: string): TensorData {
  const dtype = t.type as DType;
  if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'bool') {
    throw new FeedError(
      `onnx backend: output "${name}" came back as ${t.type}; a3 expects float32, int32 or bool.`,
    );
  }
  return new TensorData(t.dims, dtype, t.data as TensorData['data']);
}

/** Stacks per-step feeds of one input along a new leading axis (the Loop's steps axis). */
export function stack(ort: Ort, parts: readonly TensorData[]): OrtTensor {
  const first = parts[0];
  const out = allocate(first.dtype, first.size * parts.length);
  parts.forEach((p, i) => out.set(p.data as ArrayLike<number>, i * first.size));
  return new ort.Tensor(first.dtype, out, [parts.length, ...first.shape]);
}

/** Splits a stacked [K, ...] output into K step outputs (views, no copies). */
export function unstack(t: TensorData): TensorData[] {
  const [k, ...shape] = t.shape;
  const size = shapeSize(shape);
  return Array.from(
    { length: k },
    (_, i) => new TensorData(shape, t.dtype, t.data.subarray(i * size, (i + 1) * size) as TensorData['data']),
  );
}
