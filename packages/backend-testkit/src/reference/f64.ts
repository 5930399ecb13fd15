import { broadcastShapes, shapeSize, TensorData, type DType } from '@a3/core';

/**
 * A host tensor in float64, whatever its logical dtype: the reference keeps int32 and bool
 * values as exact integers in a Float64Array so one code path serves every dtype and no
 * float32 rounding hides a backend's error.
 */
export interface F64Tensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly data: Float64Array;
}

/** What the reference accepts as a feed or variable value: a float32 TensorData or float64 values. */
export type RefValue = TensorData | F64Tensor;

export function f64(shape: readonly number[], dtype: DType = 'float32', data?: Float64Array): F64Tensor {
  return { shape: [...shape], dtype, data: data ?? new Float64Array(shapeSize(shape)) };
}

export function isF64(t: RefValue): t is F64Tensor {
  return t.data instanceof Float64Array;
}

export function toF64(t: RefValue): F64Tensor {
  if (isF64(t)) return t;
  return { shape: [...t.shape], dtype: t.dtype, data: Float64Array.from(t.data as ArrayLike<number>) };
}

/** Rounds to the logical dtype's typed array (what a float32 backend would return). */
export function toTensorData(t: RefValue): TensorData {
  if (!isF64(t)) return t;
  switch (t.dtype) {
    case 'float32':
      return TensorData.float32(t.shape, t.data);
    case 'int32':
      return TensorData.int32(t.shape, t.data);
    case 'bool':
      return TensorData.bool(
        t.shape,
        Array.from(t.data, (v) => v !== 0),
      );
  }
}

export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/**
 * For each element of `outShape`, the flat index of the element of `inShape` that NumPy
 * broadcasting reads. Materialising the map keeps every broadcasting kernel a flat loop.
 */
export function broadcastIndex(inShape: readonly number[], outShape: readonly number[]): Int32Array {
  const rank = outShape.length;
  const lead = rank - inShape.length;
  const inStrides = stridesOf(inShape);
  const step = outShape.map((d, i) => (i < lead || inShape[i - lead] === 1 ? 0 : inStrides[i - lead]));
  const n = shapeSize(outShape);
  const map = new Int32Array(n);
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let k = 0; k < n; k++) {
    map[k] = src;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      src += step[d];
      if (idx[d] < outShape[d]) break;
      src -= step[d] * idx[d];
      idx[d] = 0;
    }
  }
  return map;
}

/** The runtime result shape of broadcasting several concrete shapes (throws ShapeError). */
export function broadcastAll(shapes: readonly (readonly number[])[], op: string): number[] {
  return shapes.reduce<number[]>((acc, s) => broadcastShapes(acc, s, op), []);
}
