import { FormatError, TensorData, formatShape, type DType, type TypedArrayOf } from '@a3/core';

/**
 * One tensor of a saved detector, checked before use: present, of the expected dtype and shape
 * (-1 = any size on that axis), and finite when float. A corrupt or foreign weights file fails
 * here with a FormatError, not as an out-of-range read or a NaN score later.
 */
export function storedTensor<D extends DType>(
  tensors: Record<string, TensorData>,
  name: string,
  dtype: D,
  shape: readonly number[],
  dir: string,
): TypedArrayOf[D] {
  const t = tensors[name];
  if (!t)
    throw new FormatError(
      `${dir}: the weights file has no tensor "${name}"; it is incomplete or from another detector.`,
    );
  if (t.dtype !== dtype) throw new FormatError(`${dir}: tensor "${name}" is ${t.dtype}, expected ${dtype}.`);
  if (t.rank !== shape.length || shape.some((s, i) => s >= 0 && s !== t.shape[i])) {
    throw new FormatError(
      `${dir}: tensor "${name}" has shape ${formatShape(t.shape)}, expected ${formatShape(shape.map((s) => (s < 0 ? -1 : s)))}.`,
    );
  }
  if (dtype === 'float32') {
    const bad = (t.data as Float32Array).findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      throw new FormatError(
        `${dir}: tensor "${name}" holds a non-finite value at index ${bad}; the file is corrupt.`,
      );
  }
  return t.data as TypedArrayOf[D];
}

/** Largest integer every float32 holds exactly: model files store indices and counts as F32. */
const MAX_EXACT_INDEX = 2 ** 24;

/** Integers (indices, counts) stored as float32, checked to be whole numbers in [min, 2^24]. */
export function storedIntegers(
  tensors: Record<string, TensorData>,
  name: string,
  shape: readonly number[],
  dir: string,
  min = 0,
): Int32Array {
  const values = storedTensor(tensors, name, 'float32', shape, dir);
  const bad = values.findIndex((v) => !Number.isInteger(v) || v < min || v > MAX_EXACT_INDEX);
  if (bad >= 0) {
    throw new FormatError(
      `${dir}: tensor "${name}" holds ${values[bad]} at index ${bad}; expected whole numbers ≥ ${min}.`,
    );
  }
  return Int32Array.from(values);
}

/** Integers as a float32 tensor (exact below 2^24; larger ones are refused). */
export function integerTensor(values: Int32Array): TensorData<'float32'> {
  const big = values.findIndex((v) => Math.abs(v) > MAX_EXACT_INDEX);
  if (big >= 0)
    throw new FormatError(`Cannot store ${values[big]} exactly in a float32 tensor (limit 2^24).`);
  return TensorData.float32([values.length], values);
}
